"""Two parts of an import's CPU, each side by side with what it replaced, in one run.

    scripts/with-postgres .venv/bin/python bench/import_parts.py

Whole imports (``import_bench.py``, ``import_variants.py``) cannot resolve a few
tenths of a millisecond per issue in this machine's drift; these parts are
measured alone, taking turns, the best of several rounds:

- **collector**: Python's garbage collector's CPU per file while N generated
  files are imported in this process (``--jobs 1``), with Python's own settings
  against the batch's (``legacy.batch``: what exists frozen, the youngest
  generation collected every 5,000 new objects); ms per file, measured by
  ``gc.callbacks``.
- **versions** (PostgreSQL only): the driver's CPU and the wall time to insert
  one imported issue's signed version (20 articles) with its JSON written as
  characters (``UnicodeJSONEncoder``) against ``\\u`` escapes (Django's default);
  µs per insert. In a throwaway test database, in a transaction rolled back.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import import_bench  # (sets up the environment Django reads)


def collector(files: int, rounds: int) -> dict[str, float]:
    from django.db import connection

    from editorial.legacy import batch

    spent = [0.0]
    started = [0.0]

    def timed(phase, info):
        if phase == "start":
            started[0] = time.process_time()
        else:
            spent[0] += time.process_time() - started[0]

    def python_defaults():
        """The batch's settings undone: nothing frozen, Python's thresholds."""
        freeze, set_threshold = gc.freeze, gc.set_threshold
        gc.freeze = lambda: None
        gc.set_threshold = lambda *thresholds: None
        return freeze, set_threshold

    best = {"batch": float("inf"), "python": float("inf")}
    with tempfile.TemporaryDirectory() as tmp:
        import_bench.generate(Path(tmp) / "files", files, 2026)
        for _ in range(rounds):
            for name in best:
                database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
                undone = python_defaults() if name == "python" else None
                gc.callbacks.append(timed)
                spent[0] = 0.0
                try:
                    import_bench.run_import(Path(tmp) / "files", jobs=1)
                finally:
                    gc.callbacks.remove(timed)
                    if undone:
                        gc.freeze, gc.set_threshold = undone
                    connection.creation.destroy_test_db(database, verbosity=0)
                best[name] = min(best[name], spent[0] / files * 1000)
    assert batch.YOUNGEST_GENERATION  # (the setting measured)
    return best


def versions(rounds: int) -> dict[str, float]:
    import json

    from django.db import connection, transaction
    from psycopg.types.json import Jsonb

    from editorial.content.models import Issue
    from editorial.signed.models import IssueVersion, UnicodeJSONEncoder

    def escaped(value):
        return Jsonb(value)  # json.dumps: ensure_ascii, Django's default

    def characters(value):
        return Jsonb(value, dumps=lambda o: json.dumps(o, cls=UnicodeJSONEncoder))

    best = {name: [float("inf"), float("inf")] for name in ("characters", "escaped")}
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            import_bench.generate(Path(tmp) / "files", 3, 2026)
            import_bench.run_import(Path(tmp) / "files", jobs=1)
        content = IssueVersion.objects.first().content
        table = IssueVersion._meta.db_table
        with transaction.atomic(), connection.cursor() as cursor:
            issue = Issue.objects.first()
            sequence = 100
            for _ in range(rounds):
                for name, adapt in (("characters", characters), ("escaped", escaped)):
                    cpu, wall = time.process_time(), time.perf_counter()
                    for _ in range(50):
                        sequence += 1
                        cursor.execute(
                            f"INSERT INTO {table} (issue_id, sequence, content, article_ids,"
                            " signer_name, signed_at, note) VALUES (%s, %s, %s, '', '', now(), '')",
                            [issue.pk, sequence, adapt(content)],
                        )
                    cpu = (time.process_time() - cpu) / 50 * 1e6
                    wall = (time.perf_counter() - wall) / 50 * 1e6
                    best[name] = [min(best[name][0], cpu), min(best[name][1], wall)]
            transaction.set_rollback(True)
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)
    return best


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("-n", "--files", type=int, default=300)
    arguments.add_argument("--rounds", type=int, default=3)
    options = arguments.parse_args()

    import django
    from django.db import connection

    django.setup()
    collected = collector(options.files, options.rounds)
    print(
        f"collector: {collected['batch']:.2f} ms per file with the batch's settings,"
        f" {collected['python']:.2f} with Python's (N = {options.files},"
        f" the best of {options.rounds} rounds)"
    )
    if connection.vendor == "postgresql":
        inserted = versions(options.rounds * 3)
        print(
            "versions: {:.0f} µs of the driver's CPU ({:.0f} µs wall) per insert as"
            " characters, {:.0f} ({:.0f}) as \\u escapes (the best of {} rounds)".format(
                *inserted["characters"], *inserted["escaped"], options.rounds * 3
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
