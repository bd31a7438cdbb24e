"""Imports running at the same time: worker processes of one batch, or two archivists.

Each test runs on a real PostgreSQL server with committed transactions, since
what is tested is how separate connections meet.
"""

import json
import os
import threading
import time

import pytest
from django.db import connection, transaction

from editorial.content.models import Issue, OrganizationAlias, SourceOrganization
from editorial.legacy import batch as batches
from editorial.legacy.importer import ImportOptions, LegacyImporter
from editorial.search.fulltext import search_articles
from tests.legacy.test_import_command import run
from tests.legacy.test_parser import SAMPLE_2012

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def variant(name: str) -> bytes:
    """The 2012 sample with another byline: different content, same organizations."""
    return SAMPLE_2012.read_bytes().replace("张艳".encode(), name.encode())


def import_while_another_holds(first: bytes, second: bytes, *, first_number, second_number):
    """Import ``first`` and keep its transaction open until ``second``'s import (in
    another connection) is waiting on it; then commit. Returns both results."""
    first_written, first_may_commit = threading.Event(), threading.Event()
    results = {}

    def work(key, data, number, hold):
        try:
            with transaction.atomic():
                results[key] = LegacyImporter().import_bytes(
                    data, filename=f"{key}.txt", options=ImportOptions(number=number)
                )
                if hold:
                    first_written.set()
                    first_may_commit.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=work, args=("first", first, first_number, True))
    holder.start()
    assert first_written.wait(10)
    waiter = threading.Thread(target=work, args=("second", second, second_number, False))
    waiter.start()
    time.sleep(0.5)  # the second now waits for the first's uncommitted rows
    first_may_commit.set()
    holder.join(10)
    waiter.join(10)
    return results["first"], results["second"]


def test_two_imports_creating_the_same_organizations_at_once_both_succeed():
    first, second = import_while_another_holds(
        variant("甲某"), variant("乙某"), first_number=1, second_number=2
    )
    assert (first.outcome, second.outcome) == ("imported", "imported"), second.error
    # One record per organization and per alias, as if imported one after the other.
    names = list(SourceOrganization.objects.values_list("name", flat=True))
    assert len(names) == len(set(names)) and "常熟市总工会" in names
    aliases = list(OrganizationAlias.objects.values_list("name", flat=True))
    assert len(aliases) == len(set(aliases))
    second_issue = Issue.objects.get(number=2)
    assert second_issue.sections.filter(articles__source_links__isnull=False).exists()


def test_a_different_file_for_the_same_number_at_once_is_refused_with_the_reason():
    first, second = import_while_another_holds(
        variant("甲某"), variant("乙某"), first_number=5, second_number=5
    )
    assert first.outcome == "imported"
    assert second.outcome == "failed"
    assert "already exists" in second.error and "--replace" in second.error
    assert "database error" not in second.error
    assert Issue.objects.count() == 1


def test_the_same_file_at_once_is_imported_once():
    first, second = import_while_another_holds(
        variant("甲某"), variant("甲某"), first_number=5, second_number=5
    )
    assert (first.outcome, second.outcome) == ("imported", "already imported")
    assert Issue.objects.count() == 1


# A batch written by worker processes


def batch(directory, count: int, *, bad: tuple[int, ...] = ()):
    """``count`` files 2012_01.txt… with distinct content; the ``bad`` ones empty."""
    directory.mkdir(exist_ok=True)
    for number in range(1, count + 1):
        data = b"" if number in bad else variant(f"作者{number}")
        (directory / f"2012_{number:02d}.txt").write_bytes(data)
    return directory


def test_a_batch_written_by_two_workers_imports_every_file_and_reports_in_file_order(tmp_path):
    directory = batch(tmp_path / "archive", 24, bad=(7,))
    out, _, error = run(directory, "--jobs", "2", "--json")
    assert error is not None and "1 of 24" in str(error)  # the empty file fails the batch
    results = json.loads(out)
    assert [r["file"].rsplit("/", 1)[-1] for r in results] == [
        f"2012_{n:02d}.txt" for n in range(1, 25)
    ]
    assert [r["issue"]["number"] for r in results if r["error"] is None] == [
        n for n in range(1, 25) if n != 7
    ]
    assert "empty file" in results[6]["error"]
    # Each file's contents as parsed, as in a run in one process.
    assert all(r["issue"]["sections"] and r["issue"]["distribution"] for r in results[7:])
    assert sorted(Issue.objects.values_list("number", flat=True)) == [
        n for n in range(1, 25) if n != 7
    ]
    # Written by the workers, signed and indexed like any import.
    assert search_articles("作者19").count == 1
    assert Issue.objects.get(number=19).versions.count() == 1


def test_a_parallel_batch_run_again_says_already_imported(tmp_path):
    directory = batch(tmp_path / "archive", 20)
    run(directory, "--jobs", "2")
    out, _, error = run(directory, "--jobs", "2")
    assert error is None
    assert "imported 0" in out and "already present 20" in out
    assert Issue.objects.count() == 20


def test_files_without_a_number_are_numbered_in_file_order_by_a_parallel_batch(tmp_path):
    directory = tmp_path / "archive"
    directory.mkdir()
    for index in range(1, 21):  # 2012-a.txt … : the year only
        name = f"2012-{chr(ord('a') + index - 1)}.txt"
        (directory / name).write_bytes(variant(f"作者{index}"))
    out, _, error = run(directory, "--jobs", "2", "--json")
    assert error is None
    numbers = [r["issue"]["number"] for r in json.loads(out)]
    assert numbers == list(range(1, 21))
    assert Issue.objects.get(number=3).legacy_filename.endswith("2012-c.txt")


_import_in_worker = batches._import_in_worker


def dies_on_the_fifth_file(path, label):
    """A worker that is killed (as by the kernel's out-of-memory killer) on one file."""
    if label.endswith("2012_05.txt"):
        os._exit(1)
    return _import_in_worker(path, label)


def test_a_worker_that_dies_stops_the_batch_with_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setattr(batches, "_import_in_worker", dies_on_the_fifth_file)
    directory = batch(tmp_path / "archive", 20)
    out, _, error = run(directory, "--jobs", "2", "--json")
    assert error is not None
    reported = [r["issue"]["number"] for r in json.loads(out)]  # still one whole JSON array
    # Those before the fifth file, as far as they came back before the pool broke.
    assert reported == list(range(1, len(reported) + 1)) and len(reported) <= 4
    assert f"worker process stopped unexpectedly after {len(reported)} of 20" in str(error)
    assert "run the same command again" in str(error)
    assert set(reported) <= set(Issue.objects.values_list("number", flat=True))
    assert not Issue.objects.filter(number=5).exists()

    monkeypatch.setattr(batches, "_import_in_worker", _import_in_worker)
    out, _, error = run(directory, "--jobs", "2")
    assert error is None and "failed 0" in out
    assert Issue.objects.count() == 20
