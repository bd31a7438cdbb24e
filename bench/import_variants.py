"""Where the import's time goes: ``import_bench.py`` with one part changed, side by side.

    scripts/with-postgres .venv/bin/python bench/import_variants.py -n 500 --rounds 3

Each variant runs ``import_bench.py`` on the same generated files in a process of
its own, changed by a patch applied in that process only (never in the project's
code), and the variants take turns, round after round, so that a machine whose
speed drifts favours none of them. Reported per issue: the importer's CPU, the
whole PostgreSQL server's CPU, and their sum, the figure that bounds a batch on
a machine whose cores are all busy (as ``import_bench.py`` keeps them); the
lowest of the rounds, and the spread.

- ``main``: the project as it is;
- ``without-index``: no search entries written (``--without-search-index``);
- ``constant-documents``: entries written, each with the same two codes: what
  cutting the documents in Python and the GIN index's upkeep of some 300 codes
  per article cost;
- (``copy-entries``, a sign-off's new entries written by ``COPY`` instead of
  one ``INSERT … ON CONFLICT``, is gone: a sign-off now writes them so.)
- ``copy-rows``: whatever bulk writes are left to Django's ``bulk_create``
  made by ``COPY``, ids taken from the sequences. (Measured before the import
  and the sign-off wrote their rows by ``COPY`` themselves,
  ``editorial.content.bulk``; it is kept to show that nothing more is to be had
  there.)
- ``gin-pending-64mb``: the import's connections let the GIN index's pending
  list grow to 64 MB (``gin_pending_list_limit``) before merging it.
- ``gin-work-mem-64mb``: the same, and 64 MB of ``work_mem`` for merging it.
- ``gin-fastupdate-off``: the GIN index without a pending list: each entry's
  codes go into the index as it is written (``fastupdate = off``).
- ``pglz-bodies``: articles' bodies compressed by PostgreSQL's default, pglz, as
  before migration 0020 made it lz4.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VARIANTS = [
    "main",
    "without-index",
    "constant-documents",
    "copy-rows",
    "gin-pending-64mb",
    "gin-work-mem-64mb",
    "gin-fastupdate-off",
    "pglz-bodies",
]


def _copy_rows() -> None:
    from django.db.models.query import QuerySet

    from editorial.content import bulk

    bulk_create = QuerySet.bulk_create

    def copy_create(self, objs, *args, **kwargs):
        if args or kwargs:  # (conflict handling, batch sizes: left to Django)
            return bulk_create(self, objs, *args, **kwargs)
        return bulk.insert(list(objs))

    QuerySet.bulk_create = copy_create


def _constant_documents() -> None:
    from editorial.search import index
    from editorial.search.text import Document

    document = Document("{1,2}", False, False)
    index._documents = lambda texts: [document for _ in texts]


def _before_the_first_file(statement: str) -> None:
    """Run ``statement`` on each of the import's connections before its first file."""
    from django.db import connection

    from editorial.legacy.importer import LegacyImporter

    relax = LegacyImporter._relax_commit_durability

    def relax_and_run(self):
        relaxed = self._relaxed
        relax(self)
        if self._relaxed and not relaxed:
            with connection.cursor() as cursor:
                cursor.execute(statement)

    LegacyImporter._relax_commit_durability = relax_and_run


def _gin_pending(megabytes: int) -> None:
    _before_the_first_file(f"SET gin_pending_list_limit = '{megabytes}MB'")


def _gin_fastupdate_off() -> None:
    from editorial.search.index import GIN_INDEX

    _before_the_first_file(f"ALTER INDEX {GIN_INDEX} SET (fastupdate = off)")


def run_variant(variant: str, bench_arguments: list[str]) -> int:
    """In this process: apply ``variant``'s patch, then run ``import_bench.py``."""
    sys.path.insert(0, str(HERE))
    import django
    import import_bench  # sets up the environment Django reads

    django.setup()
    arguments = list(bench_arguments)
    if variant == "without-index":
        arguments.append("--without-search-index")
    elif variant == "constant-documents":
        _constant_documents()
    elif variant == "copy-rows":
        _copy_rows()
    elif variant == "gin-pending-64mb":
        _gin_pending(64)
    elif variant == "gin-work-mem-64mb":
        _before_the_first_file("SET gin_pending_list_limit = '64MB'; SET work_mem = '64MB'")
    elif variant == "gin-fastupdate-off":
        _gin_fastupdate_off()
    elif variant == "pglz-bodies":
        _before_the_first_file(
            "ALTER TABLE editorial_article ALTER COLUMN body SET COMPRESSION pglz;"
            "ALTER TABLE editorial_signedarticle ALTER COLUMN body SET COMPRESSION pglz"
        )
    sys.argv = ["import_bench.py", *arguments]
    return import_bench.main()


MEASURES = {
    "imported": r"issues imported: (\d+) of (\d+)",
    "importer": r"importer CPU:.*\(([\d.]+) ms per issue",
    "database": r"database CPU:.*\(([\d.]+) ms per issue",
    "rate": r"issues/second:\s+(\d+)",
}


def measure(variant: str, bench_arguments: list[str]) -> dict[str, float]:
    command = [sys.executable, __file__, "--run", variant, "--", *bench_arguments]
    output = subprocess.run(command, capture_output=True, text=True, env=os.environ).stdout
    found = {name: re.search(pattern, output) for name, pattern in MEASURES.items()}
    if not all(found.values()) or found["imported"][1] != found["imported"][2]:
        raise SystemExit(f"{variant}: the import did not complete:\n{output}")
    importer, database = float(found["importer"][1]), float(found["database"][1])
    return {
        "importer": importer,
        "database": database,
        "total": importer + database,
        "rate": float(found["rate"][1]),
    }


def main() -> int:
    if "--run" in sys.argv:
        at = sys.argv.index("--run")
        return run_variant(sys.argv[at + 1], sys.argv[at + 3 :])
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("-n", "--issues", type=int, default=500)
    arguments.add_argument("--rounds", type=int, default=3)
    arguments.add_argument(
        "--jobs", type=int, default=1, help="import_legacy --jobs (default 1: no worker processes)"
    )
    arguments.add_argument("--variants", nargs="+", choices=VARIANTS, default=VARIANTS)
    options = arguments.parse_args()
    bench_arguments = ["-n", str(options.issues), "--jobs", str(options.jobs)]
    results: dict[str, list[dict[str, float]]] = {variant: [] for variant in options.variants}
    for round_number in range(1, options.rounds + 1):
        for variant in options.variants:
            result = measure(variant, bench_arguments)
            results[variant].append(result)
            print(
                f"round {round_number} {variant:20s} importer {result['importer']:5.1f}"
                f" + database {result['database']:5.1f} = {result['total']:5.1f} ms per issue"
                f" ({result['rate']:.0f} issues/s)",
                file=sys.stderr,
            )
    print(f"\nN = {options.issues}, --jobs {options.jobs}, {options.rounds} rounds; ms per issue")
    print(f"{'variant':20s} {'importer':>9s} {'database':>9s} {'total':>7s} {'spread':>7s}")
    for variant, runs in results.items():
        best = min(runs, key=lambda run: run["total"])
        totals = [run["total"] for run in runs]
        spread = max(totals) - min(totals)
        print(
            f"{variant:20s} {best['importer']:9.1f} {best['database']:9.1f}"
            f" {best['total']:7.1f} {spread:7.1f}   (median total {statistics.median(totals):.1f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
