"""The customer's time zone, where their address tells it: a country with one zone in tzdata."""

from functools import cache
from importlib import resources
from pathlib import Path

SYSTEM_ZONE_TAB = Path("/usr/share/zoneinfo/zone.tab")
# Where an enrolment's context keeps an address, most telling first.
ADDRESS_PATHS = (
    ("customer", "default_shipping_address"),
    ("order", "shipping_address"),
    ("customer", "default_billing_address"),
    ("order", "billing_address"),
)


def _zone_tab() -> str:
    try:
        return resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return SYSTEM_ZONE_TAB.read_text("utf-8") if SYSTEM_ZONE_TAB.exists() else ""


@cache
def zones_by_country() -> dict[str, tuple[str, ...]]:
    """ISO 3166 country code -> its zones, from tzdata's zone.tab."""
    zones: dict[str, list[str]] = {}
    for line in _zone_tab().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        country, _, zone, *_ = line.split("\t")
        zones.setdefault(country, []).append(zone)
    return {country: tuple(found) for country, found in zones.items()}


def customer_zone(context: dict) -> str:
    """The zone of the country of the customer's address when that country has one zone
    (JP: Asia/Tokyo; not US); "" when it cannot be known."""
    for outer, inner in ADDRESS_PATHS:
        address = (context.get(outer) or {}).get(inner)
        country = str(address.get("country") or "").upper() if isinstance(address, dict) else ""
        if country:
            zones = zones_by_country().get(country, ())
            return zones[0] if len(zones) == 1 else ""
    return ""
