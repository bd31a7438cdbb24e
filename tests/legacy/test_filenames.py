"""Issue metadata carried by legacy file names."""

import datetime

import pytest

from editorial.legacy.filenames import FilenameMetadata, metadata_from_filename


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2012-04-25_第8期.txt", FilenameMetadata(2012, 8, datetime.date(2012, 4, 25))),
        ("2012_08.txt", FilenameMetadata(2012, 8, None)),
        ("2012-8.txt", FilenameMetadata(2012, 8, None)),
        ("20120425.txt", FilenameMetadata(2012, None, datetime.date(2012, 4, 25))),
        ("工会工作简报2012年第8期.txt", FilenameMetadata(2012, 8, None)),
        ("2012年4月25日.txt", FilenameMetadata(2012, None, datetime.date(2012, 4, 25))),
        ("dir/2007/简报.txt", FilenameMetadata(None, None, None)),
        ("2007简报.txt", FilenameMetadata(2007, None, None)),
        ("总第120期.txt", FilenameMetadata(None, None, None)),
        ("000_baba5704e00f6812.txt", FilenameMetadata(None, None, None)),
        ("2012-02-30.txt", FilenameMetadata(2012, None, None)),
        (None, FilenameMetadata()),
    ],
)
def test_metadata_from_filename(name, expected):
    assert metadata_from_filename(name) == expected
