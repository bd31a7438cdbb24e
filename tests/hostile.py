"""Hostile files, made by the tests themselves: pictures whose header declares
more pixels than exist, zip archives that inflate far beyond their size, Word
files with damaged or entity-declaring parts."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

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
