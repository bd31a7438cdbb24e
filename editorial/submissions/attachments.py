"""The checks of an uploaded file, on the server, before it is stored.

Only the kinds an office sends are accepted: photos (JPEG, PNG) and documents
(Word .docx, PDF). A file is judged on its content *and* its name: the content
must be one of those kinds, and the name's extension must be one that kind is
saved under, so that a PDF named ``x.html`` or a zip named ``x.jar`` never
reaches the office under that name. A photo's header is read within a pixel
limit before anything is decoded; a Word file's zip directory within the limits
of what it may unpack to (``editorial.untrusted``). The file is stored under its
name cut to a safe byte length on a character boundary; the name as the officer
gave it is kept for display and download.

``check_upload`` is the one check (``ValidationError`` with the reason, in words
for the officer); ``attach`` keeps each file that passes and refuses the others
alone, never the submission's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from editorial import untrusted
from editorial.submissions.models import Attachment

DEFAULT_LIMIT = 10 * 1024 * 1024
# What each kind of content may be named.
EXTENSIONS = {
    "JPEG": (".jpg", ".jpeg"),
    "PNG": (".png",),
    "PDF": (".pdf",),
    "DOCX": (".docx",),
}
KINDS = {
    "JPEG": Attachment.Kind.PHOTO,
    "PNG": Attachment.Kind.PHOTO,
    "PDF": Attachment.Kind.DOCUMENT,
    "DOCX": Attachment.Kind.DOCUMENT,
}
# Pillow's formats of a photo (only JPEG's and PNG's readers are tried): a camera's
# JPEG holding a second picture is "MPO".
PHOTO_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG"}
ACCEPTED = tuple(extension for extensions in EXTENSIONS.values() for extension in extensions)
# A stored name's stem, in UTF-8 bytes: with the folder, a suffix storage may add
# and the extension, well inside the 255 bytes a file system allows a name.
STORED_STEM_BYTES = 120


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed: what it is, and the names it is stored and shown under."""

    file: File
    kind: str  # Attachment.Kind
    name: str  # as the officer named it, for display and download
    stored_name: str  # cut to a safe length, with the extension of its kind


def size_limit() -> int:
    return getattr(settings, "SUBMISSION_ATTACHMENT_LIMIT", DEFAULT_LIMIT)


def check_upload(upload) -> CheckedUpload:
    """``upload`` checked on its size, content and name; ``ValidationError`` saying why not."""
    name = upload.name or ""
    limit = size_limit()
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s.")
            % {"name": name, "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    extension = PurePath(name).suffix.lower()
    if extension not in ACCEPTED:
        raise _not_accepted(name)
    found = _content_kind(upload, name)
    if extension not in EXTENSIONS[found]:
        raise ValidationError(
            _(
                "%(name)s holds a %(found)s file but is named %(extension)s: "
                "the name must end in %(expected)s."
            )
            % {
                "name": name,
                "found": found,
                "extension": extension,
                "expected": " / ".join(EXTENSIONS[found]),
            },
            code="misnamed",
        )
    return CheckedUpload(
        file=upload, kind=KINDS[found], name=name[:255], stored_name=stored_name(name, extension)
    )


def stored_name(name: str, extension: str) -> str:
    """``name``'s stem cut to ``STORED_STEM_BYTES`` of UTF-8 on a character boundary,
    with ``extension``."""
    stem = PurePath(name).stem.encode("utf-8")[:STORED_STEM_BYTES].decode("utf-8", "ignore")
    return f"{stem.strip() or 'attachment'}{extension}"


def _content_kind(upload, name: str) -> str:
    """The kind of the upload's content (a key of ``EXTENSIONS``), or ``ValidationError``."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return "PDF"
        if head.startswith(b"PK\x03\x04"):
            if _is_docx(upload, name):
                return "DOCX"
            raise _not_accepted(name)
        header = untrusted.picture_header(upload, verify=True, formats=("JPEG", "PNG"))
    except untrusted.TooManyPixels as refusal:
        raise ValidationError(
            _("%(name)s is too large a picture: more than %(limit)s million pixels.")
            % {"name": name, "limit": f"{refusal.limit // 1_000_000:,}"},
            code="too_many_pixels",
        ) from None
    except untrusted.NotAPicture:
        raise _not_accepted(name) from None
    finally:
        upload.seek(0)
    found = PHOTO_FORMATS.get(header.format)
    if found is None:
        raise _not_accepted(name)
    return found


def _is_docx(upload, name: str) -> bool:
    """A Word document's package, whose parts all keep within what one unpacks to."""
    try:
        with untrusted.open_zip(upload, untrusted.WORD_LIMITS) as archive:
            names = set(archive.namelist())
    except untrusted.DamagedArchive:
        return False
    except untrusted.UnsafeArchive:
        raise ValidationError(
            _(
                "%(name)s would unpack to more than a Word document can hold: "
                "it is damaged, or made to harm."
            )
            % {"name": name},
            code="unsafe_archive",
        ) from None
    return {"[Content_Types].xml", "word/document.xml"} <= names


def _not_accepted(name: str) -> ValidationError:
    return ValidationError(
        _("%(name)s is not a JPEG or PNG photo, a Word (DOCX) or a PDF document.") % {"name": name},
        code="not_accepted",
    )


def attach(submission, uploads) -> list[str]:
    """Store each of ``uploads`` that passes its checks as an attachment of
    ``submission``; the reasons the others were refused, one per file."""
    refusals = []
    for upload in uploads:
        try:
            checked = check_upload(upload)
        except ValidationError as refusal:
            refusals.extend(refusal.messages)
            continue
        try:
            with transaction.atomic():
                Attachment.objects.create(
                    submission=submission,
                    file=File(checked.file, name=checked.stored_name),
                    name=checked.name,
                    kind=checked.kind,
                    size=upload.size,
                )
        except OSError:  # the storage's: a full disk, a name it cannot hold
            refusals.append(
                _("%(name)s could not be stored; please attach it again.") % {"name": checked.name}
            )
    return refusals


def serve(attachment) -> FileResponse:
    """The file for download, streamed from the storage; the caller has checked who asks."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=attachment.name)
