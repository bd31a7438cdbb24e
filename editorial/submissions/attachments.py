"""The checks of an uploaded attachment, on the server: photos (JPEG, PNG) are
opened with Pillow, documents (DOCX, PDF) recognised by their signature, and
each file is held to a size limit. A file that fails is refused alone, with
the reason; the rest of the submission is kept."""

import zipfile

from django.conf import settings
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

DEFAULT_LIMIT = 10 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": ".jpg", "PNG": ".png"}


class Refused(Exception):
    """The file cannot be attached; the message says why, in words for the officer."""


def size_limit() -> int:
    return getattr(settings, "SUBMISSION_ATTACHMENT_LIMIT", DEFAULT_LIMIT)


def check(upload) -> str:
    """The kind of ``upload`` ("photo" or "document"), or ``Refused``."""
    limit = size_limit()
    if upload.size > limit:
        raise Refused(
            _("%(name)s is larger than %(limit)s.")
            % {"name": upload.name, "limit": filesizeformat(limit)}
        )
    if upload.size == 0:
        raise Refused(_("%(name)s is empty.") % {"name": upload.name})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return "document"
        if head.startswith(b"PK\x03\x04") and _is_docx(upload):
            return "document"
        if _is_photo(upload):
            return "photo"
    finally:
        upload.seek(0)
    raise Refused(
        _("%(name)s is not a JPEG or PNG photo, a Word (DOCX) or a PDF document.")
        % {"name": upload.name}
    )


def _is_docx(upload) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _is_photo(upload) -> bool:
    try:
        with Image.open(upload) as image:
            if image.format not in PHOTO_FORMATS:
                return False
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
    return True


def serve(attachment) -> FileResponse:
    """The file for download, read through the storage; the caller has checked who asks."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=attachment.name)
