"""The page's scripts and styles, read from the package: inside Saleor a plugin has no static
files of its own, so the plugin serves them, under a version that changes with their content."""

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ASSETS_DIR = Path(__file__).resolve().parent.parent / "static" / "saleor_stepmail" / "dashboard"
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
}


@dataclass(frozen=True)
class Asset:
    content: bytes
    content_type: str
    etag: str


def _files() -> list[Path]:
    return sorted(p for p in ASSETS_DIR.rglob("*") if p.is_file() and p.suffix in CONTENT_TYPES)


@cache
def assets_version() -> str:
    """A digest of every file: the URL prefix that lets browsers cache them for good."""
    digest = hashlib.sha256()
    for path in _files():
        digest.update(path.relative_to(ASSETS_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def asset_read(name: str) -> Asset | None:
    """The file `name` under the assets folder; None for anything else (.., other types)."""
    path = (ASSETS_DIR / name).resolve()
    if not path.is_relative_to(ASSETS_DIR) or not path.is_file():
        return None
    content_type = CONTENT_TYPES.get(path.suffix)
    if content_type is None:
        return None
    content = path.read_bytes()
    return Asset(
        content=content,
        content_type=content_type,
        etag=f'"{hashlib.sha256(content).hexdigest()[:16]}"',
    )
