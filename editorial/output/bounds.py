"""The bounds of rendering an issue's files: size, time, memory, and one render
at a time per file.

Size: an issue whose text is larger than any bulletin (``MAX_CHARACTERS`` in
all, ``MAX_PARAGRAPH`` in one paragraph, which the layout engine breaks into
lines in time that grows faster than its length) is refused before any work,
with a reason an editor can act on: the admin page of the issue shows it
before sign-off (``problems``).

Time and memory: the PDF is typeset in a worker process (one per server
process, forked from a server that has WeasyPrint loaded, so it starts in
milliseconds), whose address space is capped at ``PDF_RENDER_MEMORY`` bytes;
a render that takes longer than ``PDF_RENDER_SECONDS`` is stopped with its
worker, and refused.

One at a time (``files``): a cache lock per file; whoever finds it taken waits
for the file, or is told to come back (``RenderBusy``, a 503 with Retry-After).
"""

from __future__ import annotations

import atexit
import multiprocessing
import resource
import threading

from django.conf import settings
from django.utils.translation import gettext as _

MAX_CHARACTERS = 300_000
MAX_PARAGRAPH = 20_000
DEFAULT_SECONDS = 60
DEFAULT_MEMORY = 2 * 1024**3


class RenderUnavailable(Exception):
    """The file cannot be given now; ``retry_after`` seconds says when to ask again."""

    retry_after = 3600

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class RenderRefused(RenderUnavailable):
    """The issue cannot be rendered as it stands (too large, too slow)."""


class RenderBusy(RenderUnavailable):
    """The same file is being rendered for someone else."""

    retry_after = 10


def seconds() -> int:
    return getattr(settings, "PDF_RENDER_SECONDS", DEFAULT_SECONDS)


# --- Size ---------------------------------------------------------------------------------


def problems(shown) -> list[str]:
    """Why ``shown`` cannot be rendered, for its editors; [] when it can."""
    found, total = [], 0
    for section in shown.sections.all():
        for article in section.articles.all():
            total += len(article.title) + len(article.body)
            longest = max((len(p) for p in article.paragraphs), default=0)
            if longest > MAX_PARAGRAPH:
                found.append(
                    _(
                        "“%(title)s” has a paragraph of %(length)s characters; "
                        "the PDF and Word files take paragraphs of up to %(limit)s: "
                        "split it with blank lines."
                    )
                    % {"title": article.title, "length": longest, "limit": MAX_PARAGRAPH}
                )
    if total > MAX_CHARACTERS:
        found.append(
            _(
                "The issue has %(length)s characters of text; the PDF and Word files "
                "take up to %(limit)s."
            )
            % {"length": total, "limit": MAX_CHARACTERS}
        )
    return found


def ensure_renderable(shown) -> None:
    found = problems(shown)
    if found:
        raise RenderRefused(" ".join(found))


# --- Time and memory ------------------------------------------------------------------------

_pool = None
_pool_lock = threading.Lock()


def _cap_memory(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _worker_pool():
    global _pool
    with _pool_lock:
        if _pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["editorial.output.typeset"])
            limit = getattr(settings, "PDF_RENDER_MEMORY", DEFAULT_MEMORY)
            _pool = context.Pool(1, initializer=_cap_memory, initargs=(limit,))
        return _pool


def _stop_worker(pool=None) -> None:
    """Stop ``pool`` (the current one if None), unless another thread has
    already put a new one in its place."""
    global _pool
    with _pool_lock:
        if _pool is not None and (pool is None or pool is _pool):
            _pool.terminate()
            _pool = None


atexit.register(_stop_worker)


def run(function, *args):
    """``function(*args)`` in the worker, within the time and memory bounds."""
    pool = _worker_pool()
    pending = pool.apply_async(function, args)
    try:
        return pending.get(timeout=seconds())
    except multiprocessing.TimeoutError:
        _stop_worker(pool)
        raise RenderRefused(
            _("Rendering took longer than %(seconds)s seconds and was stopped.")
            % {"seconds": seconds()}
        ) from None
    except MemoryError:
        _stop_worker(pool)
        raise RenderRefused(
            _("Rendering needed more memory than allowed and was stopped.")
        ) from None
