"""Read a Word file (.docx, or Word 97–2003 .doc) as the parser's lines.

Plain Python with no Django import, like the parser. A ``.docx`` is read with
python-docx: each paragraph (and each row of a table, kept as text) becomes a
``parser.Line`` carrying what its formatting says — bold or centred short lines
are headline candidates, a large red first line is the masthead — and the
pictures it holds. A ``.doc`` is turned into text by antiword, or catdoc where
antiword is missing or fails; it has no formatting and no pictures. Either way
``parse_lines`` reads the cover page (报头) and the content.

A ``.docx`` is a zip archive from outside: before python-docx reads any of it,
its directory is held to what a Word file unpacks to (``untrusted.WORD_LIMITS``:
a zip bomb is refused uninflated) and any part that declares a DTD is refused
(Word never writes one; it is how external entities come in); as the document
is read, every picture's header is held to a pixel limit. A part that cannot
be parsed refuses the file, with the part's name, like any other damage.

``parse_file`` is the entry point for any legacy file: Word files by their
signature, text files otherwise.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from editorial import untrusted
from editorial.legacy.parser import (
    MAX_BYTES,
    LegacyFormatError,
    Line,
    ParsedImage,
    ParsedIssue,
    parse,
    parse_lines,
)

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
WORD_SUFFIXES = (".docx", ".doc")
# Word files carry pictures: a larger limit than text files' MAX_BYTES.
MAX_WORD_BYTES = 30 * 1024 * 1024

# A headline is short; longer bold or centred lines are emphasised prose.
_HEADLINE_LENGTH = 40
# A masthead is printed large: at least this many points.
_MASTHEAD_POINTS = 20
# How long a .doc converter may take before the file is given up.
_CONVERTER_SECONDS = 60
# And how much memory (address space) it may take: antiword needs a few MB.
_CONVERTER_BYTES = 512 * 1024 * 1024


def size_limit(filename: str) -> int:
    """The largest legacy file of this name's kind, for the command and the admin
    upload alike: Word files carry pictures, text files do not."""
    return MAX_WORD_BYTES if Path(filename).suffix.lower() in WORD_SUFFIXES else MAX_BYTES


def is_word(data: bytes) -> bool:
    """A Word file by its signature: a zip holding word/document.xml, or an OLE file."""
    return data.startswith(OLE_SIGNATURE) or (
        data.startswith(ZIP_SIGNATURE) and b"word/" in data[:4096]
    )


def parse_file(
    data: bytes, *, filename: str | None = None, known: frozenset[str] = frozenset()
) -> ParsedIssue:
    """A legacy file of any kind (text, .docx, .doc) into a ``ParsedIssue``.

    Raises ``LegacyFormatError`` with a one-line reason for what cannot be read.
    """
    limit = MAX_WORD_BYTES if is_word(data) else MAX_BYTES
    if len(data) > limit:
        raise LegacyFormatError(
            f"file too large: {len(data):,} bytes, the limit is {limit:,} (文件过大)"
        )
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".txt" and (found := _binary_kind(data)):
        raise LegacyFormatError(
            f"a .txt file must be text, this one is a {found} file: "
            "name it for what it is (文件扩展名与内容不符)"
        )
    if data.startswith(ZIP_SIGNATURE) and (suffix == ".docx" or is_word(data)):
        lines, notes = read_docx(data)
        return parse_lines(lines, encoding="docx", filename=filename, known=known, notes=notes)
    if data.startswith(OLE_SIGNATURE):
        text, notes = read_doc(data)
        lines = [Line(line.strip()) for line in text.splitlines() if line.strip()]
        return parse_lines(lines, encoding="doc", filename=filename, known=known, notes=notes)
    if suffix in WORD_SUFFIXES:
        raise LegacyFormatError(
            f"not a Word file: a {suffix} file must be a Word document (不是 Word 文件)"
        )
    return parse(data, filename=filename, known_organizations=known)


_SIGNATURES = {
    ZIP_SIGNATURE: "zip (or Word .docx)",
    OLE_SIGNATURE: "Word 97-2003 (.doc)",
    b"%PDF-": "PDF",
}


def _binary_kind(data: bytes) -> str | None:
    """What a file is by its signature, when it is a kind the text parser might read
    as text (it refuses pictures and other binary data itself)."""
    return next((kind for sign, kind in _SIGNATURES.items() if data.startswith(sign)), None)


# --- .docx ----------------------------------------------------------------------------------


def read_docx(data: bytes) -> tuple[list[Line], list[str]]:
    """The document's paragraphs and table rows, in order, as lines with formatting
    hints and pictures; and notes on what was read in a way worth saying (tables)."""
    _check_package(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise LegacyFormatError(
            f"damaged Word file, cannot be opened: {_one_line(error)} (Word 文件已损坏)"
        ) from None
    except Exception as error:  # lxml and zip errors of a damaged archive
        raise LegacyFormatError(
            f"damaged Word file, cannot be opened: {type(error).__name__}: {_one_line(error)} "
            "(Word 文件已损坏)"
        ) from None
    try:
        return _read_document(document)
    except etree.LxmlError as error:  # a part python-docx parses only when asked (styles...)
        raise LegacyFormatError(
            f"damaged Word file, a part cannot be read: {_one_line(error)} (Word 文件已损坏)"
        ) from None


def _check_package(data: bytes) -> None:
    """Refuse, before python-docx reads it, a package that would unpack beyond a Word
    file's limits or whose XML declares a DTD."""
    try:
        archive = untrusted.open_zip(io.BytesIO(data), untrusted.WORD_LIMITS)
    except untrusted.DamagedArchive as error:
        raise LegacyFormatError(
            f"damaged Word file, cannot be opened: {_one_line(error)} (Word 文件已损坏)"
        ) from None
    except untrusted.UnsafeArchive as unsafe:
        raise LegacyFormatError(_unsafe(unsafe)) from None
    with archive:
        # Every member, one at a time: python-docx parses a part as XML by its content
        # type, whatever its name.
        for member in archive.infolist():
            try:
                declares = _declares_dtd(archive.read(member))
            except (
                zipfile.BadZipFile,
                zlib.error,
                OSError,
                EOFError,
                RuntimeError,  # an encrypted member
                NotImplementedError,  # a compression zipfile does not know
            ) as error:
                raise LegacyFormatError(
                    f"damaged Word file, {member.filename} cannot be unpacked: "
                    f"{_one_line(error)} (Word 文件已损坏)"
                ) from None
            if declares:
                raise LegacyFormatError(
                    f"{member.filename} declares a DTD or entities, which Word never writes: "
                    "refused as made to harm (Word 文件含有实体声明，拒绝导入)"
                )


_DOCTYPE = tuple("<!DOCTYPE".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be"))


def _declares_dtd(xml: bytes) -> bool:
    # Markup, not text: in text a "<" is written "&lt;".
    return any(marker in xml for marker in _DOCTYPE)


def _unsafe(unsafe: untrusted.UnsafeArchive) -> str:
    if unsafe.why == "member":
        return (
            f"{unsafe.member} would unpack to {unsafe.size:,} bytes, more than the "
            f"{unsafe.limit:,} a part of a Word file may: a zip bomb? (Word 文件解压后过大)"
        )
    if unsafe.why == "ratio":
        return (
            f"{unsafe.member} is compressed {unsafe.size:,} to 1, more than {unsafe.limit} to 1: "
            "a zip bomb? (Word 文件压缩比异常)"
        )
    if unsafe.why == "members":
        return (
            f"the Word file holds {unsafe.size:,} parts, more than {unsafe.limit:,} "
            "(Word 文件部件过多)"
        )
    return (
        f"the Word file would unpack to more than {unsafe.limit:,} bytes: a zip bomb? "
        "(Word 文件解压后过大)"
    )


def _read_document(document) -> tuple[list[Line], list[str]]:
    lines: list[Line] = []
    notes: list[str] = []
    tables = 0
    styles = _Styles(document)
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            for element in (child, *_text_box_paragraphs(child)):
                first = not any(line.text for line in lines[:3])
                lines.extend(_paragraph_lines(Paragraph(element, document), styles, first=first))
        elif tag == "tbl":
            tables += 1
            table = Table(child, document)
            lines.extend(_table_lines(table))
    notes.extend(_notes_not_read(document))
    if tables:
        notes.append(
            f"{tables} table(s) kept as text, one line per row, cells separated by ' | ' "
            "(表格已转为文本)"
        )
    return lines, notes


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Parts of a .docx that hold text outside the body, and what the warning calls them.
_OTHER_TEXT = {
    "/word/footnotes.xml": ("footnote", "脚注"),
    "/word/endnotes.xml": ("endnote", "尾注"),
    "/word/comments.xml": ("comment", "批注"),
}


def _safe_parser() -> etree.XMLParser:
    """No entity resolved and nothing fetched, whatever a part declares (one per use:
    an lxml parser is not to be shared between threads)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _notes_not_read(document) -> list[str]:
    """Footnotes, endnotes and comments are not imported: say how many there are."""
    notes = []
    for part in document.part.package.iter_parts():
        kind = _OTHER_TEXT.get(str(part.partname))
        if kind is None:
            continue
        try:
            root = etree.fromstring(part.blob, _safe_parser())
        except etree.XMLSyntaxError as error:
            raise LegacyFormatError(
                f"damaged Word file, its {kind[0]}s ({str(part.partname).lstrip('/')}) "
                f"cannot be read: {_one_line(error)} (Word 文件已损坏：{kind[1]})"
            ) from None
        count = sum(
            1
            for item in root
            if item.tag in (f"{_W}footnote", f"{_W}endnote", f"{_W}comment")
            and item.get(f"{_W}type") not in ("separator", "continuationSeparator")
            and "".join(item.itertext()).strip()
        )
        if count:
            english, chinese = kind
            notes.append(
                f"{count} {english}(s) not imported: add them to the text if they matter "
                f"({chinese}未导入)"
            )
    return notes


class _Styles:
    """Whether each style is bold or centred, resolved once per document through the
    styles it is based on (python-docx scans every style to resolve a paragraph's)."""

    def __init__(self, document):
        by_id = {style.style_id: style for style in document.styles}
        self.bold = {key: bool(_inherited(style, _style_bold)) for key, style in by_id.items()}
        self.centred = {
            key: _inherited(style, _style_alignment) == WD_ALIGN_PARAGRAPH.CENTER
            for key, style in by_id.items()
        }
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.default = default.style_id if default is not None else None

    def paragraph_bold(self, paragraph) -> bool:
        return self.bold.get(paragraph._p.style or self.default, False)

    def run_bold(self, run, paragraph) -> bool:
        if run.bold is not None:
            return run.bold
        style = run._r.style
        return self.bold[style] if style in self.bold else self.paragraph_bold(paragraph)

    def centred_paragraph(self, paragraph) -> bool:
        if paragraph.alignment is not None:
            return paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        return self.centred.get(paragraph._p.style or self.default, False)


def _inherited(style, read):
    while style is not None:
        value = read(style)
        if value is not None:
            return value
        style = getattr(style, "base_style", None)
    return None


def _style_bold(style):
    font = getattr(style, "font", None)  # numbering and table styles have none
    return font.bold if font is not None else None


def _style_alignment(style):
    paragraph_format = getattr(style, "paragraph_format", None)
    return paragraph_format.alignment if paragraph_format is not None else None


def _paragraph_lines(paragraph, styles: _Styles, *, first: bool) -> list[Line]:
    images = _images(paragraph)
    texts = [part.strip() for part in paragraph.text.replace("\t", " ").split("\n")]
    texts = [text for text in texts if text]
    if not texts:
        return [Line("", images=images)] if images else []
    runs = [run for run in paragraph.runs if run.text.strip()]
    bold = bool(runs) and all(styles.run_bold(run, paragraph) for run in runs)
    centred = styles.centred_paragraph(paragraph)
    points = max((run.font.size.pt for run in runs if run.font.size), default=0)
    red = any(_is_red(run) for run in runs)
    lines = []
    for index, text in enumerate(texts):
        lines.append(
            Line(
                text,
                headline=(bold or centred) and len(text) <= _HEADLINE_LENGTH,
                masthead=first and index == 0 and red and points >= _MASTHEAD_POINTS,
                images=images if index == 0 else [],
            )
        )
    return lines


def _text_box_paragraphs(element):
    """Paragraphs in the text boxes anchored in a paragraph (cover pages use them), once:
    not the copy Word keeps for old readers (mc:Fallback)."""
    for box in element.iter("{*}txbxContent"):
        if any(parent.tag.endswith("}Fallback") for parent in box.iterancestors()):
            continue
        yield from box.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")


def _table_lines(table) -> list[Line]:
    """One line per row, ``cell | cell``, with the pictures of its cells."""
    lines = []
    for row in table.rows:
        cells = []
        images = []
        seen = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is listed once per grid column
                continue
            seen.add(id(cell._tc))
            text = " ".join(cell.text.split())
            if text:
                cells.append(text)
            for paragraph in cell.paragraphs:
                images.extend(_images(paragraph))
        if cells or images:
            lines.append(Line(" | ".join(cells), table=True, images=images))
    return lines


def _is_red(run) -> bool:
    color = run.font.color
    if color is None or color.type is None or color.rgb is None:
        return False
    red, green, blue = color.rgb[0], color.rgb[1], color.rgb[2]
    return red >= 0xB0 and green <= 0x60 and blue <= 0x60


_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
_VML_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _images(paragraph) -> list[ParsedImage]:
    """The pictures in a paragraph (DrawingML, and VML of files converted from .doc)."""
    element = paragraph._p
    ids = [blip.get(_EMBED) for blip in element.iter("{*}blip")]
    ids += [data.get(_VML_ID) for data in element.iter("{*}imagedata")]
    images = []
    related = paragraph.part.related_parts
    for rel_id in ids:
        part = related.get(rel_id) if rel_id else None
        if part is None or not part.content_type.startswith("image/"):
            continue
        _check_picture(part)
        images.append(
            ParsedImage(
                data=part.blob,
                content_type=part.content_type,
                name=Path(str(part.partname)).name,
            )
        )
    return images


def _check_picture(part) -> None:
    """A picture whose header declares too many pixels refuses the file; one Pillow
    does not know (a metafile...) is kept as it is."""
    try:
        untrusted.picture_header(io.BytesIO(part.blob))
    except untrusted.NotAPicture:
        return
    except untrusted.TooManyPixels as refusal:
        name = str(part.partname).lstrip("/")
        size = f"{refusal.size[0]} x {refusal.size[1]} pixels, " if refusal.size else ""
        raise LegacyFormatError(
            f"the picture {name} is too large: {size}more than {refusal.limit:,} pixels "
            "(图片像素过多)"
        ) from None


# --- .doc -----------------------------------------------------------------------------------


def read_doc(data: bytes) -> tuple[str, list[str]]:
    """A Word 97–2003 file's text, through antiword or else catdoc."""
    if _ENCRYPTED_PACKAGE in data or _fib_says_encrypted(data):
        raise LegacyFormatError(
            "password-protected (encrypted) Word file: save it without a password "
            "(Word 文件有密码保护)"
        )
    converters = [name for name in ("antiword", "catdoc") if shutil.which(name)]
    if not converters:
        raise LegacyFormatError(
            "cannot read .doc files here: neither antiword nor catdoc is installed "
            "(see scripts/system-packages) (未安装 antiword 或 catdoc，无法读取 .doc)"
        )
    reasons = []
    with tempfile.NamedTemporaryFile(suffix=".doc") as file:
        file.write(data)
        file.flush()
        for name in converters:
            text, reason = _convert(name, file.name)
            if text is not None:
                notes = ["a .doc file has no formatting or pictures to read; text only (仅文本)"]
                if name != converters[0]:
                    notes.append(f"read with {name}: {reasons[0]} (改用 {name} 读取)")
                return text, notes
            reasons.append(f"{name}: {reason}")
    if any("ncrypt" in reason for reason in reasons):
        raise LegacyFormatError(
            "password-protected (encrypted) Word file: save it without a password "
            "(Word 文件有密码保护)"
        )
    raise LegacyFormatError(
        f"damaged or unreadable .doc file ({'; '.join(reasons)}) (.doc 文件无法读取)"
    )


# A password-protected .docx is an OLE file holding an "EncryptedPackage" stream.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_FIB_IDENT = b"\xec\xa5"  # wIdent of a Word 97-2003 File Information Block
_F_ENCRYPTED = 0x0100


def _fib_says_encrypted(data: bytes) -> bool:
    """A .doc saved with a password: the fEncrypted flag of its File Information Block,
    which starts the WordDocument stream, at the start of one of the file's sectors."""
    for offset in range(512, min(len(data), 1 << 20) - 12, 512):
        version = int.from_bytes(data[offset + 2 : offset + 4], "little")
        if data[offset : offset + 2] == _FIB_IDENT and version >= 101:  # Word 97 and later
            flags = int.from_bytes(data[offset + 10 : offset + 12], "little")
            return bool(flags & _F_ENCRYPTED)
    return False


def _convert(name: str, path: str) -> tuple[str | None, str]:
    command = (
        ["antiword", "-m", "UTF-8.txt", "-w", "0", path]
        if name == "antiword"
        else ["catdoc", "-d", "utf-8", "-w", path]
    )
    # Bounded in memory by util-linux's prlimit rather than a preexec_fn, which is
    # unsafe in a threaded server.
    if prlimit := shutil.which("prlimit"):
        command = [prlimit, f"--as={_CONVERTER_BYTES}", "--", *command]
    try:
        done = subprocess.run(command, capture_output=True, timeout=_CONVERTER_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, _one_line(error)
    text = done.stdout.decode("utf-8", errors="replace")
    if done.returncode != 0 or not text.strip():
        return None, _one_line(done.stderr.decode("utf-8", errors="replace")) or "no text"
    return text, ""


def _one_line(error) -> str:
    return " ".join(str(error).split())[:200]
