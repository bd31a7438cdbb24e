"""Which release of the code is running: a fingerprint of what shapes the HTML.

Rendered pages and page parts are kept in the shared cache under version
tokens that survive a deployment. The cache keys carry this fingerprint as
well (``settings.CACHES``), so a release with other templates, code,
translations or static files renders everything afresh, and two releases
running side by side during a rolling deployment never serve each other's
pages. ``RELEASE`` in the environment overrides it (a git commit, say).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

# What the HTML is made from, relative to the project's top directory.
SOURCES = ("templates", "static", "locale", "editorial", "newsletter")
SUFFIXES = {".py", ".html", ".txt", ".css", ".js", ".svg", ".mo"}


def fingerprint(base_dir: Path) -> str:
    """A short hash of every source file's path and content (12 hex digits)."""
    digest = hashlib.blake2b(digest_size=6)
    for top in SOURCES:
        for path in sorted((base_dir / top).rglob("*")):
            if path.suffix in SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(base_dir)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()
