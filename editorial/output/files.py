"""The signed issue's files, rendered once per signed version and kept.

A file is kept through Django's storage API (``default_storage``) under the
fingerprint of what it is made from (``printed.fingerprint``: the signed
content, its corrections, the layout's revision): a second request, from any
process, reads it back; a new sign-off or a correction makes a new name. The
fingerprint is also the file's ETag.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from editorial.output import pdf, printed, word

FOLDER = "issue-files"


@dataclass
class IssueFile:
    """A signed issue's file: its name, type and fingerprint (the ETag) are known
    at once; ``content()`` reads it from storage, or renders and keeps it."""

    kind: str
    name: str
    content_type: str
    fingerprint: str
    shown: object = field(repr=False, default=None)
    kept: bool = True

    @property
    def path(self) -> str:
        return f"{FOLDER}/{self.fingerprint}.{self.kind}"

    def content(self) -> bytes:
        if not self.kept:
            return RENDERERS[self.kind](self.shown, preview=True)
        if default_storage.exists(self.path):
            with default_storage.open(self.path, "rb") as stored:
                return stored.read()
        content = RENDERERS[self.kind](self.shown)
        # Two processes may render it at once: both write the same bytes.
        if not default_storage.exists(self.path):
            default_storage.save(self.path, ContentFile(content))
        return content


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
RENDERERS = {"pdf": pdf.render, "docx": word.render}


def signed_file(issue_id: int, kind: str) -> IssueFile | None:
    """The signed issue as a ``kind`` ("pdf", "docx") file (None if the issue was
    never signed off)."""
    shown = printed.signed_copy(issue_id)
    if shown is None:
        return None
    return IssueFile(
        kind=kind,
        name=printed.file_name(shown, kind),
        content_type=CONTENT_TYPES[kind],
        fingerprint=f"{kind}-{printed.fingerprint(shown)}",
        shown=shown,
    )


def draft_pdf(issue) -> IssueFile:
    """An editor's preview of the working copy as PDF (never kept)."""
    shown = printed.draft_copy(issue)
    name = printed.file_name(shown, "pdf")
    return IssueFile("pdf", name, CONTENT_TYPES["pdf"], "", shown=shown, kept=False)
