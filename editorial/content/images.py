"""Pictures of articles in storage: stored once under the hash of their content.

A picture is written through Django's default storage (``STORAGES["default"]``)
as ``article-images/ab/abcdef….png``. The same picture imported twice is stored
once; a signed version names the file it signed, and since a name always means
the same bytes, that version shows exactly what was signed. A file is written
once the transaction that names it commits (``transaction.on_commit``): an import
or a restore that fails leaves no file behind. Should the write itself fail
after the commit (a full disk), the error is logged and the picture's address
answers 404 until the same picture is imported again.

Nothing in storage is served directly: readers get a picture at
``/articles/<id>/pictures/<path>`` (``path_of``), by the reading rule of its
article's issue (``editorial.reading.views.article_picture``).
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Callable
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

FOLDER = "article-images"
_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif"}


def storage_name(data: bytes, content_type: str) -> str:
    digest = hashlib.sha256(data).hexdigest()
    extension = _EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type) or ".bin"
    return f"{FOLDER}/{digest[:2]}/{digest}{extension}"


def is_content_addressed(name: str) -> bool:
    """Whether ``name`` is one ``storage_name`` gives: its bytes never change."""
    return digest_of(name) is not None


def digest_of(name: str) -> str | None:
    """The SHA-256 of the bytes a ``storage_name`` names (its stem), or None for
    another name."""
    stem = name.rsplit("/", 1)[-1].split(".", 1)[0]
    if name.startswith(f"{FOLDER}/{stem[:2]}/") and _is_sha256(stem):
        return stem
    return None


def _is_sha256(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def path_of(name: str) -> str:
    """The picture's part of its reading address: its name in storage, without the folder."""
    return name.removeprefix(f"{FOLDER}/")


def store_picture(data: bytes, content_type: str) -> str:
    """Store a picture (once, when the caller's transaction commits) and return its
    name in storage."""
    name = storage_name(data, content_type)
    store_on_commit(name, lambda: data)
    return name


def store_on_commit(name: str, read: Callable[[], bytes]) -> None:
    """Write ``read()`` as ``name`` in storage once the current transaction commits
    (at once outside one), unless a file of that name is there already."""
    transaction.on_commit(partial(_write, name, read), robust=True)


def _write(name: str, read: Callable[[], bytes]) -> None:
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(read()))
