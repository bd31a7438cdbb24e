"""Files from outside, looked at before anything reads them whole: the inflated
sizes a zip archive declares, and the pixels a picture's header declares.

Plain Python (and Pillow) with no Django, at the bottom of the layers: the
officers' attachments and the legacy Word files both use it, and each words
the refusal for its own readers from the exception's fields.

A zip's sizes are read from its central directory, which Python's ``zipfile``
also holds each member to when it inflates it (it stops at the declared size
and fails the CRC check beyond it): a part checked here cannot inflate to more
than it declared. A picture's size is read from its header by ``Image.open``,
which decodes no pixels.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image, UnidentifiedImageError

# Pixels of a picture from outside: a 50-megapixel camera's photo passes, and
# decoding the largest one allowed takes 150 MB (RGB), not gigabytes.
MAX_PIXELS = 50_000_000


@dataclass(frozen=True)
class ZipLimits:
    """How large a zip archive may inflate, checked before any of it is read."""

    total: int  # bytes, all members together
    member: int  # bytes, any one member
    ratio: int  # inflated / compressed, of a member over ``ratio_from`` bytes
    members: int  # how many members
    ratio_from: int = 1024 * 1024


# A Word (.docx) file: its pictures and text, unpacked, fit easily; a zip bomb does not.
WORD_LIMITS = ZipLimits(total=60 * 1024 * 1024, member=25 * 1024 * 1024, ratio=100, members=2000)


class UnsafeArchive(Exception):
    """The archive would inflate beyond its limits; ``member`` is None for the total."""

    def __init__(self, why: str, *, member: str | None, size: int, limit: int):
        super().__init__(f"{why}: {member or 'all members'} {size:,} > {limit:,}")
        self.why = why  # "member", "total", "ratio" or "members"
        self.member = member
        self.size = size
        self.limit = limit


class DamagedArchive(Exception):
    """Not a zip archive, or one whose directory cannot be read."""


def open_zip(source: BinaryIO, limits: ZipLimits) -> zipfile.ZipFile:
    """``source`` as a ``ZipFile`` whose members all keep within ``limits``;
    ``UnsafeArchive`` or ``DamagedArchive`` otherwise. Nothing is inflated."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise DamagedArchive(str(error)) from None
    try:
        check_zip(archive, limits)
    except BaseException:
        archive.close()
        raise
    return archive


def check_zip(archive: zipfile.ZipFile, limits: ZipLimits) -> None:
    members = archive.infolist()
    if len(members) > limits.members:
        raise UnsafeArchive("members", member=None, size=len(members), limit=limits.members)
    total = 0
    for member in members:
        size = member.file_size
        if size > limits.member:
            raise UnsafeArchive("member", member=member.filename, size=size, limit=limits.member)
        if size > limits.ratio_from and size > limits.ratio * max(member.compress_size, 1):
            ratio = size // max(member.compress_size, 1)
            raise UnsafeArchive("ratio", member=member.filename, size=ratio, limit=limits.ratio)
        total += size
        if total > limits.total:
            raise UnsafeArchive("total", member=None, size=total, limit=limits.total)


@dataclass(frozen=True)
class PictureHeader:
    format: str  # Pillow's name of it: "JPEG", "PNG"...
    width: int
    height: int


class NotAPicture(Exception):
    """Pillow recognises no picture in the file."""


class TooManyPixels(Exception):
    """More pixels than allowed; ``size`` is (width, height) when Pillow gave it, None
    when Pillow refused the header itself as a decompression bomb."""

    def __init__(self, limit: int, size: tuple[int, int] | None = None):
        declared = f"{size[0]} x {size[1]} pixels" if size else "a decompression bomb"
        super().__init__(f"{declared}, more than {limit:,} pixels")
        self.limit = limit
        self.size = size


def picture_header(
    source: BinaryIO,
    *,
    max_pixels: int = MAX_PIXELS,
    verify: bool = False,
    formats: tuple[str, ...] | None = None,
) -> PictureHeader:
    """The format and size a picture's header declares, within ``max_pixels``;
    ``TooManyPixels`` or ``NotAPicture`` otherwise. No pixel is decoded;
    ``verify`` also checks the file's structure (a PNG's checksums) once its size
    has passed. ``formats``: the only Pillow formats tried (None: all)."""
    try:
        with Image.open(source, formats=formats) as image:
            header = PictureHeader(image.format or "", image.width, image.height)
            if header.width * header.height > max_pixels:
                raise TooManyPixels(max_pixels, (header.width, header.height))
            if verify:
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow refuses a header beyond twice its own limit, and warns beyond it
        # (an error where warnings are errors): our limit is lower either way.
        raise TooManyPixels(max_pixels) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise NotAPicture(str(error)) from None
    return header
