"""Where a customer came from: the acquisition source of an order, defined once.

The storefront writes the visit's UTM parameters and referrer into the checkout's metadata
under ACQUISITION_KEYS, and Saleor copies a checkout's metadata onto the order it completes
into, so the order keeps them from the moment it is created (docs/repeat-rate.md shows the
storefront's few lines). A host without Saleor records the same keys with its order_created
(engine/order_rows.py). Every report reads the source through `acquisition_sql`, over the
order rows each integration provides: Saleor's orders (older than the plugin too) and the
recorded history alike.

The source is the first of: utm_source; the referrer's host; the voucher code used
("voucher:CODE"); the channel ("channel:SLUG"); "direct".

Metadata is written by anyone holding a checkout's token, so every value is hostile: the
recorded copy keeps only these keys, at most RAW_CHARS each, storable (engine/storable.py);
the reading strips control and invisible formatting characters, trims spaces, lowercases
source and medium (Instagram and instagram are one source) and keeps SOURCE_CHARS.
"""

from collections.abc import Mapping

from .storable import storable_text

UTM_SOURCE = "utm_source"
UTM_MEDIUM = "utm_medium"
UTM_CAMPAIGN = "utm_campaign"
REFERRER = "referrer"
ACQUISITION_KEYS = (UTM_SOURCE, UTM_MEDIUM, UTM_CAMPAIGN, REFERRER)
# What a recorded copy keeps of each value, and what a report shows of it.
RAW_CHARS = 2000
SOURCE_CHARS = 100
DIRECT = "direct"
VOUCHER_PREFIX = "voucher:"
CHANNEL_PREFIX = "channel:"

# Characters a value loses: C0 and C1 controls, zero-width characters and marks, the
# bidirectional overrides and isolates (which make a row read backwards), the BOM.
_INVISIBLE = r"[\u0001-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"


def acquisition_metadata(metadata: object) -> dict[str, str]:
    """The acquisition keys of an order's metadata, fit to be recorded: other keys and
    values that are not text are dropped."""
    if not isinstance(metadata, Mapping):
        return {}
    return {
        key: storable_text(metadata[key], limit=RAW_CHARS)
        for key in ACQUISITION_KEYS
        if isinstance(metadata.get(key), str)
    }


def _clean(sql: str, *, lower: bool = False) -> str:
    """SQL: the text `sql` without invisible characters, trimmed, at most SOURCE_CHARS."""
    text = f"btrim(regexp_replace(COALESCE({sql}, ''), '{_INVISIBLE}', '', 'g'))"
    return f"left({'lower(' + text + ')' if lower else text}, {SOURCE_CHARS})"


def acquisition_sql(*, metadata: str, voucher_code: str, channel: str) -> dict[str, str]:
    """SQL expressions of an order's source, medium and campaign, from its metadata (jsonb),
    its voucher code and its channel slug (text): the one reading of them."""
    utm_source = _clean(f"{metadata} ->> '{UTM_SOURCE}'", lower=True)
    referrer_host = _clean(
        f"substring({metadata} ->> '{REFERRER}' from '^[A-Za-z][A-Za-z0-9+.-]*://"
        r"(?:[^/?#@]*@)?(?:www\.)?([^/?#:@]+)')",
        lower=True,
    )
    voucher = _clean(voucher_code)
    slug = _clean(channel)
    source = f"""CASE
        WHEN {utm_source} <> '' THEN {utm_source}
        WHEN {referrer_host} <> '' THEN {referrer_host}
        WHEN {voucher} <> '' THEN '{VOUCHER_PREFIX}' || {voucher}
        WHEN {slug} <> '' THEN '{CHANNEL_PREFIX}' || {slug}
        ELSE '{DIRECT}' END"""
    return {
        "source": source,
        "medium": _clean(f"{metadata} ->> '{UTM_MEDIUM}'", lower=True),
        "campaign": _clean(f"{metadata} ->> '{UTM_CAMPAIGN}'"),
    }
