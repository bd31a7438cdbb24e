"""The signed issue's files, rendered once per signed version and kept.

A file is kept through Django's storage API (``default_storage``) under the
fingerprint of what it is made from (``printed.fingerprint``: the signed
content, its corrections, the layout's revision): a second request, from any
process, reads it back; a new sign-off or a correction makes a new name. The
fingerprint is also the file's ETag.

A file is rendered once at a time (``bounds`` bounds each render): the
first request takes a lock in the cache for its name and renders; the others
wait up to ``PDF_RENDER_WAIT`` seconds for the kept file, then are told to come back
(``bounds.RenderBusy``). A refusal (too large, too slow) is remembered for
the name, so repeated requests do not render it again.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from editorial.content.spreadsheets import content_disposition
from editorial.output import bounds, pdf, printed, word
from editorial.output.bounds import RenderUnavailable

FOLDER = "issue-files"
DEFAULT_WAIT_SECONDS = 20
POLL_SECONDS = 0.2
REFUSAL_SECONDS = 3600


@dataclass
class IssueFile:
    """A signed issue's file: its name, type and fingerprint (the ETag) are known
    at once; ``content()`` reads it from storage, or renders and keeps it."""

    kind: str
    name: str
    ascii_name: str
    content_type: str
    fingerprint: str
    shown: object = field(repr=False, default=None)
    kept: bool = True

    @property
    def disposition(self) -> str:
        return content_disposition(self.name, self.ascii_name, inline=not self.kept)

    @property
    def path(self) -> str:
        return f"{FOLDER}/{self.fingerprint}.{self.kind}"

    def content(self) -> bytes:
        """The file's bytes; ``bounds.RenderUnavailable`` when it cannot be
        rendered, or is being rendered for someone else longer than we wait."""
        if not self.kept:
            return RENDERERS[self.kind](self.shown, preview=True)
        stored = self._stored()
        if stored is not None:
            return stored
        refused = cache.get(self._key("refused"))
        if refused is not None:
            raise bounds.RenderRefused(refused)
        with self.render_lock() as ours:
            if ours:
                return self._render_and_keep()
        return self._wait_for_the_other_render()

    @contextmanager
    def render_lock(self):
        """Hold the file's render lock (in the cache, shared by the processes);
        yields whether it was free."""
        key = self._key("rendering")
        ours = cache.add(key, 1, timeout=bounds.seconds() + _wait_seconds())
        try:
            yield ours
        finally:
            if ours:
                cache.delete(key)

    def _render_and_keep(self) -> bytes:
        try:
            content = RENDERERS[self.kind](self.shown)
        except bounds.RenderRefused as refusal:
            cache.set(self._key("refused"), refusal.reason, REFUSAL_SECONDS)
            raise
        if not default_storage.exists(self.path):
            default_storage.save(self.path, ContentFile(content))
        return content

    def _wait_for_the_other_render(self) -> bytes:
        deadline = time.monotonic() + _wait_seconds()
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            stored = self._stored()
            if stored is not None:
                return stored
            refused = cache.get(self._key("refused"))
            if refused is not None:
                raise bounds.RenderRefused(refused)
        raise bounds.RenderBusy(_("The file is being prepared; please try again shortly."))

    def _stored(self) -> bytes | None:
        if not default_storage.exists(self.path):
            return None
        with default_storage.open(self.path, "rb") as stored:
            return stored.read()

    def _key(self, what: str) -> str:
        return f"issue-file-{what}:{self.path}"


def _wait_seconds() -> float:
    return getattr(settings, "PDF_RENDER_WAIT", DEFAULT_WAIT_SECONDS)


def unavailable(request, refusal: RenderUnavailable):
    """The page saying why the file cannot be given now: 503, with Retry-After."""
    response = render(
        request, "editorial/file_unavailable.html", {"reason": refusal.reason}, status=503
    )
    response["Retry-After"] = str(refusal.retry_after)
    add_never_cache_headers(response)
    return response


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
        ascii_name=printed.ascii_file_name(shown, kind),
        content_type=CONTENT_TYPES[kind],
        fingerprint=f"{kind}-{printed.fingerprint(shown)}",
        shown=shown,
    )


def render_problems(issue) -> list[str]:
    """Why the working copy of ``issue`` could not be rendered, said to its
    editors before sign-off ([] when it can)."""
    return bounds.problems(printed.draft_copy(issue))


def draft_pdf(issue) -> IssueFile:
    """An editor's preview of the working copy as PDF (never kept)."""
    shown = printed.draft_copy(issue)
    return IssueFile(
        "pdf",
        printed.file_name(shown, "pdf"),
        printed.ascii_file_name(shown, "pdf"),
        CONTENT_TYPES["pdf"],
        "",
        shown=shown,
        kept=False,
    )
