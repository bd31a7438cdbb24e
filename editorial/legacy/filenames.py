"""Issue metadata carried by a legacy file's name.

Accepted patterns (anywhere in the name, extension ignored):

- a date: ``2012-04-25``, ``2012_04_25``, ``2012.04.25``, ``20120425``, ``2012年4月25日``
- a number: ``第8期`` (but not ``总第8期``, the cumulative number)
- a year and a number: ``2012_08``, ``2012-8``, ``2012 08``, ``2012年第8期``
- a year alone: ``2012`` or ``2012年`` (between non-digits)

e.g. ``2012-04-25_第8期.txt``, ``2012_08.txt``, ``工会工作简报2012年第8期.txt``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import PurePath

_YEAR = r"(?:19|20)\d{2}"
_DATE_PATTERNS = (
    re.compile(rf"(?<!\d)(?P<y>{_YEAR})[-_.](?P<m>\d{{1,2}})[-_.](?P<d>\d{{1,2}})(?!\d)"),
    re.compile(rf"(?<!\d)(?P<y>{_YEAR})(?P<m>\d{{2}})(?P<d>\d{{2}})(?!\d)"),
    re.compile(rf"(?P<y>{_YEAR})年(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日"),
)
_NUMBER = re.compile(r"(?<!总)第(?P<n>\d{1,3})期")
_YEAR_AND_NUMBER = re.compile(rf"(?<!\d)(?P<y>{_YEAR})[-_ ](?P<n>\d{{1,3}})(?![\d.\-_]\d)(?!\d)")
_YEAR_ONLY = re.compile(rf"(?<!\d)(?P<y>{_YEAR})(?!\d)")


@dataclass(frozen=True)
class FilenameMetadata:
    year: int | None = None
    number: int | None = None
    date: datetime.date | None = None


def metadata_from_filename(filename: str | None) -> FilenameMetadata:
    """Year, number and date written in a file's name, where it carries them."""
    if not filename:
        return FilenameMetadata()
    stem = PurePath(filename).stem
    date = None
    for pattern in _DATE_PATTERNS:
        match = pattern.search(stem)
        if match:
            try:
                date = datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
            stem = stem[: match.start()] + " " + stem[match.end() :]
            break
    year = date.year if date else None
    number = None
    match = _NUMBER.search(stem)
    if match:
        number = int(match["n"])
    else:
        match = _YEAR_AND_NUMBER.search(stem)
        if match:
            year = year or int(match["y"])
            number = int(match["n"])
    if year is None:
        match = _YEAR_ONLY.search(stem)
        if match:
            year = int(match["y"])
    if number == 0:
        number = None
    return FilenameMetadata(year=year, number=number, date=date)
