"""Importing a batch of files: reading them ahead, and writing them in parallel.

``import_files`` yields one ``ImportResult`` per file, in the order of the files,
whichever way they are written:

- **In this process** (SQLite, a dry run, a small batch, a caller's open
  transaction, or ``jobs=1``): a worker thread reads and parses files a few
  ahead while this thread writes, since parsing is pure Python and the writes
  mostly wait on the database.
- **In worker processes** (PostgreSQL, ``jobs`` > 1): each worker reads, parses
  and writes whole files, each in its own transaction, exactly as this process
  would; a batch keeps every core busy instead of one. Files whose issue
  number is unknown are sent back unwritten and numbered here, in file order,
  so that such files of one year are numbered in the order of their names.

Either way memory stays bounded: at most a window of files is in flight.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from django.db import connection, connections

from editorial.cores import usable_cores
from editorial.legacy.importer import (
    ImportOptions,
    ImportResult,
    LegacyImporter,
    Outcome,
    known_organizations,
    number_known,
    read,
)
from editorial.legacy.word import size_limit
from editorial.search.text import prepare as prepare_documents

# Fewer files than this are written in this process: starting workers costs more.
PARALLEL_FROM = 20
# Files per task sent to a worker process.
CHUNK = 4
# New objects between collections of Python's youngest generation during a batch.
YOUNGEST_GENERATION = 5_000

File = tuple[Path, str]  # the path to read, and the label results are reported by


def default_jobs() -> int:
    """One worker per core this process may run on."""
    return usable_cores()


def jobs_for(file_count: int, options: ImportOptions, requested: int | None) -> int:
    """How many worker processes a batch of ``file_count`` files gets (1: none, this
    process writes)."""
    jobs = default_jobs() if requested is None else requested
    if (
        jobs <= 1
        or file_count < PARALLEL_FROM
        or options.dry_run  # numbers unknown issues across files: one process
        or connection.vendor != "postgresql"  # SQLite takes one writer at a time
        or connection.in_atomic_block  # the caller's transaction must hold the writes
        or "fork" not in multiprocessing.get_all_start_methods()  # e.g. Windows
    ):
        return 1
    return jobs


def import_files(
    files: list[File], options: ImportOptions, *, jobs: int | None = None, contents: bool = True
) -> Iterator[ImportResult]:
    """Import (or, with ``options.dry_run``, check) each file; results in file order.

    ``contents=False``: the caller reports only each issue's number and outcome, so a
    worker process need not send back the sections and distribution list it wrote.
    """
    importer = LegacyImporter(batch=len(files) > 1)
    # What exists now (Django, the models, the documents' tables) lives as long as the
    # batch: frozen, Python's collector no longer rescans it (here, or in the workers
    # forked from here: the gc module's advice before forking, which also keeps those
    # pages shared). And a file makes thousands of short-lived objects: the youngest
    # generation is collected every 5,000 instead of 700. Together 0.55 to 0.19 ms of
    # collecting per file (bench/import_parts.py).
    prepare_documents()
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(thresholds[0], YOUNGEST_GENERATION), *thresholds[1:])
    try:
        workers = jobs_for(len(files), options, jobs)
        known = known_organizations()
        if workers == 1:
            task = functools.partial(read_path, known=known)
            for result in _ahead(_reader(), files, window=8, task=task):
                yield importer.import_read(result, options)
        else:
            yield from _in_workers(importer, files, options, workers, known, contents)
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
        importer.close()


def read_path(path: Path, label: str, known: frozenset[str] = frozenset()) -> ImportResult:
    """Hash and parse one file, or say why it cannot be read."""
    try:
        size = path.stat().st_size
        limit = size_limit(path.name)
        if size > limit:
            return ImportResult(
                label,
                Outcome.FAILED,
                error=f"file too large: {size:,} bytes, the limit is {limit:,} (文件过大)",
            )
        data = path.read_bytes()
    except OSError as error:
        return ImportResult(label, Outcome.FAILED, error=f"cannot read: {error.strerror}")
    return read(data, filename=label, known=known)


def _reader() -> Executor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="legacy-read")


def _ahead(executor: Executor, items: Iterable[tuple], *, window: int, task: Callable = read_path):
    """``task(*item)`` for each item (by default a file's path and label) on
    ``executor``, at most ``window`` ahead of the caller; the results in order."""
    with executor:
        pending = deque()
        for item in items:
            pending.append(executor.submit(task, *item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _in_workers(
    importer: LegacyImporter,
    files: list[File],
    options: ImportOptions,
    jobs: int,
    known: frozenset[str],
    contents: bool,
):
    # A forked worker must not share this process's database connections; each
    # opens its own. (Fork, not spawn: workers inherit the settings as they are now.)
    connections.close_all()
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(options, known, contents),
    )
    # Files go to the workers a few at a time: one task, and one result sent back, for
    # several files.
    chunks = ([files[at : at + CHUNK]] for at in range(0, len(files), CHUNK))
    for results in _ahead(pool, chunks, window=jobs * 2, task=_import_chunk_in_worker):
        for result, written in results:
            if not written:
                result = importer.import_read(result, options)
            yield result


# In a worker process: its importer (for the organization and recipient caches), the
# batch's options, the organizations known, and whether results keep their contents.
_worker: tuple[LegacyImporter, ImportOptions, frozenset[str], bool] | None = None


def _start_worker(options: ImportOptions, known: frozenset[str], contents: bool) -> None:
    global _worker
    _worker = (LegacyImporter(batch=True), options, known, contents)


def _import_chunk_in_worker(files: list[File]) -> list[tuple[ImportResult, bool]]:
    return [_import_in_worker(path, label) for path, label in files]


def _import_in_worker(path: Path, label: str) -> tuple[ImportResult, bool]:
    """Read and write one file; (result, whether it was written here)."""
    importer, options, known, contents = _worker
    result = read_path(path, label, known)
    if result.parsed is not None and not number_known(result.parsed, options):
        return result, False  # numbered by the parent, in file order
    result = importer.import_read(result, options)
    result.issue = None  # the caller reports from ``parsed``; the rows stay here
    if not contents and result.parsed is not None:
        result.parsed = dataclasses.replace(result.parsed, sections=[], distribution=[], toc=[])
    return result, True
