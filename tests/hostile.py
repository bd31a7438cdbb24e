"""Hostile files, made by the tests themselves: pictures whose header declares
more pixels than exist, zip archives that inflate far beyond their size, Word
files with damaged or entity-declaring parts; and a batch of fifteen legacy
files, five good and ten bad (``write_batch``, also run by bench/hostile_import.py)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

from tests.legacy.word_files import BODY, BODY2, Bulletin

FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

FOOTNOTES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W}">'
    '<w:footnote w:id="1"><w:p><w:r><w:t>数据来源：区统计局</w:t></w:r></w:p></w:footnote>'
    "</w:footnotes>"
).encode()

EXTERNAL_ENTITY = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE w:footnotes [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    f'<w:footnotes xmlns:w="{W}"><w:footnote w:id="1"><w:p><w:r><w:t>&secret;</w:t></w:r>'
    "</w:p></w:footnote></w:footnotes>"
).encode()


def png_declaring(width: int, height: int) -> bytes:
    """A PNG of about a hundred bytes whose header declares ``width`` x ``height``."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def write_zeros(archive: zipfile.ZipFile, name: str, size: int) -> None:
    """A member of ``size`` zero bytes, deflated (about a thousandth of it), written
    in chunks so that making it takes little memory."""
    block = b"\x00" * (1 << 20)
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as member:
        left = size
        while left:
            member.write(block[: min(left, len(block))])
            left -= min(left, len(block))


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def rewritten(docx: bytes, *, replace=None, add=None, bomb: tuple[str, int] | None = None) -> bytes:
    """``docx`` with parts replaced or added (name -> bytes), and optionally a part of
    ``bomb = (name, size)`` zero bytes in place of the part of that name."""
    replace = dict(replace or {})
    add = dict(add or {})
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if bomb and info.filename == bomb[0]:
                write_zeros(target, *bomb)
                continue
            data = replace.pop(info.filename, None)
            target.writestr(info.filename, data if data is not None else source.read(info))
        for name, data in {**replace, **add}.items():
            target.writestr(name, data)
    return out.getvalue()


def with_footnotes(docx: bytes, footnotes: bytes) -> bytes:
    """``docx`` with a footnotes part holding ``footnotes``, related from the document."""
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        types = source.read("[Content_Types].xml").decode()
        rels = source.read("word/_rels/document.xml.rels").decode()
    types = types.replace(
        "</Types>",
        f'<Override PartName="/word/footnotes.xml" ContentType="{FOOTNOTES_TYPE}"/></Types>',
    )
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdFootnotes" Type="{FOOTNOTES_REL}" Target="footnotes.xml"/>'
        "</Relationships>",
    )
    return rewritten(
        docx,
        replace={
            "[Content_Types].xml": types.encode(),
            "word/_rels/document.xml.rels": rels.encode(),
        },
        add={"word/footnotes.xml": footnotes},
    )


def picture_part(docx: bytes) -> str:
    """The name of the (first) picture part of ``docx``."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return next(name for name in archive.namelist() if name.startswith("word/media/"))


# A batch of legacy files: the good import, the bad are each refused alone.

MB = 1024 * 1024


def pictured(picture: bytes | None = None) -> bytes:
    """A Word bulletin with a picture (``picture``, or a small PNG)."""
    return (
        Bulletin()
        .lines(f"【工作动态】\n区工会召开座谈会\n{BODY}")
        .picture(picture)
        .lines(f"图为座谈会现场\n{BODY2}（区总工会）\n")
        .bytes()
    )


def zip_bomb(size: int) -> bytes:
    """A Word file whose picture inflates to ``size`` zero bytes."""
    data = pictured()
    return rewritten(data, bomb=(picture_part(data), size))


def text_issue(number: int) -> bytes:
    return f"【工作动态】\n区工会召开第{number}次座谈会\n{BODY}（区总工会）\n".encode()


def word_issue(number: int, *, picture=False) -> bytes:
    document = Bulletin().lines(f"【工作动态】\n镇工会开展第{number}次知识竞赛\n{BODY}")
    if picture:
        document.picture()
    return document.lines(f"{BODY2}（镇工会）\n").bytes()


# The zip bomb of the tests; bench/hostile_import.py makes one of 1.5 GiB.
BOMB_SIZE = 64 * MB
BOMB = "2013-06-03_第13期_压缩炸弹.docx"

GOOD = {
    "2013-05-01_第1期.txt": lambda: text_issue(1),
    "2013-05-02_第2期.txt": lambda: text_issue(2),
    "2013-05-03_第3期关于开展职工职业技能竞赛暨劳动技能比武活动情况的通报汇编.txt": lambda: (
        text_issue(3)
    ),
    "2013-05-04_第4期.docx": lambda: word_issue(4),
    "2013-05-05_第5期.docx": lambda: word_issue(5, picture=True),
}
BAD = {
    "2013-06-01_第11期_脚注截断.docx": lambda: with_footnotes(word_issue(11), FOOTNOTES[:-30]),
    "2013-06-02_第12期_外部实体.docx": lambda: with_footnotes(word_issue(12), EXTERNAL_ENTITY),
    BOMB: lambda: zip_bomb(BOMB_SIZE),
    "2013-06-04_第14期_损坏.docx": lambda: word_issue(14)[:3000],
    "2013-06-05_第15期_像素炸弹.docx": lambda: pictured(png_declaring(30000, 30000)),
    "2013-06-06_第16期_样式截断.docx": lambda: rewritten(
        word_issue(16), replace={"word/styles.xml": b"<w:styles"}
    ),
    "2013-06-07_第17期_实为Word.txt": lambda: word_issue(17),
    "2013-06-08_第18期_实为PDF.docx": lambda: b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n",
    "2013-06-09_第19期_过大.txt": lambda: text_issue(19) + "。".encode() * (2 * MB),
    "2013-06-10_第20期_压缩比.docx": lambda: rewritten(
        word_issue(20), add={"word/media/filler.bin": b"\x00" * (2 * MB)}
    ),
}


def write_batch(folder: Path, *, bomb_size: int = BOMB_SIZE) -> None:
    """The fifteen files of ``GOOD`` and ``BAD`` in ``folder``; the zip bomb's picture
    inflates to ``bomb_size`` bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in {**GOOD, **BAD}.items():
        data = zip_bomb(bomb_size) if name == BOMB else make()
        (folder / name).write_bytes(data)
