"""Text from outside made fit for the database, at the one place it is written.

A provider's or a webhook's answer, its headers and metadata, and the exception messages
that quote them may hold what Postgres refuses: NUL in text and jsonb (a binary or UTF-16
error page), and lone surrogates, which UTF-8 cannot encode (bytes decoded with
`surrogateescape`, a JSON `"\\udc80"`). One refused value fails the whole statement, and
with it a chunk's record of mails already sent; so every such value passes through here.
Input the plugin refuses instead (its API's arguments) is checked with `unstorable`, which
names the same problems.
"""

import re

REASON_CHARS = 500
ID_CHARS = 255
# NUL is dropped; a lone surrogate becomes the replacement character.
_NUL = re.compile("\x00")
_SURROGATE = re.compile("[\ud800-\udfff]")


def unstorable(text: str) -> str:
    """What in `text` Postgres refuses, said as a caller who sent it can fix it; "" if nothing.
    For input the plugin refuses rather than cleans (its API's arguments)."""
    if _NUL.search(text):
        return "must not contain NUL characters (\\x00)"
    if _SURROGATE.search(text):
        return "must not contain lone surrogates (\\ud800-\\udfff), which UTF-8 cannot encode"
    return ""


def storable_text(value: object, *, limit: int) -> str:
    """`value` as text Postgres accepts, at most `limit` characters."""
    text = _SURROGATE.sub("\ufffd", _NUL.sub("", str(value)))
    return text[:limit]


def storable_json(value: object, *, limit: int = REASON_CHARS) -> object:
    """A JSON value (dicts, lists, scalars) whose keys and strings are storable_text."""
    if isinstance(value, dict):
        return {
            storable_text(k, limit=limit): storable_json(v, limit=limit) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [storable_json(v, limit=limit) for v in value]
    if isinstance(value, str):
        return storable_text(value, limit=limit)
    return value
