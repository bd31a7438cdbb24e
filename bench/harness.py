"""What the load and fault benchmarks share: a throwaway database filled with
generated issues, collected static files, the servers (gunicorn, redis-server)
and the mix of URLs a reader requests.

Run the benchmarks under ``scripts/with-postgres`` (or with DATABASE_URL naming a
PostgreSQL server): they create their own database ``test_<name>`` beside the
configured one and drop it afterwards, so the configured database is never
touched. Everything listens on loopback only.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsletter.settings")
os.environ["DEBUG"] = "false"  # no query log in this process, and production templates
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")

from tests.site.servers import (  # noqa: E402  (after the environment is set)
    Browser,
    Gunicorn,
    RedisServer,
    manage,
    production_env,
)

__all__ = ["Browser", "Gunicorn", "RedisServer", "manage", "production_env"]


def require_postgres() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "This benchmark needs PostgreSQL: run it as\n"
            f"  scripts/with-postgres .venv/bin/python {sys.argv[0]}"
        )


@contextlib.contextmanager
def bench_database():
    """A migrated database of its own (``test_<name>``), dropped at the end.
    Yields its DATABASE_URL for the servers."""
    import django

    django.setup()
    from django.db import connection

    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    parts = urlsplit(os.environ["DATABASE_URL"])
    url = urlunsplit(parts._replace(path="/" + name))
    try:
        yield url
    finally:
        connection.close()
        connection.creation.destroy_test_db(name, verbosity=0)


def generate_legacy_files(directory: Path, count: int, seed: int = 2026) -> int:
    """Legacy text issues recombined from the two samples (see import_bench.py)."""
    from import_bench import generate

    return generate(directory, count, seed)


def fill(count: int, seed: int = 2026) -> None:
    """Import ``count`` generated issues and the two sample issues, published."""
    from django.core.management import call_command

    with tempfile.TemporaryDirectory(prefix="bench-issues-") as tmp:
        generate_legacy_files(Path(tmp), count, seed)
        call_command("import_legacy", tmp, str(ROOT / "seeds"), verbosity=0, stdout=io.StringIO())


def collect_static(directory: Path) -> None:
    manage("collectstatic", "--noinput", env=production_env(STATIC_ROOT=str(directory)))


def _reverse_first(*candidates: tuple[str, tuple]) -> str | None:
    from django.urls import NoReverseMatch, reverse

    for name, args in candidates:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None


@dataclass
class Mix:
    """The requests of the load: each entry a path, repeated by its weight."""

    paths: list[str]
    counts: dict[str, int]


DEFAULT_MIX = {"issue": 40, "article": 35, "search": 15, "feed": 10}


def parse_mix(text: str) -> dict[str, float]:
    """``issue=40,article=35,search=15,feed=10`` → weights (a missing kind is 0)."""
    weights = {}
    for part in text.split(","):
        kind, _, weight = part.partition("=")
        if kind.strip() not in DEFAULT_MIX:
            raise ValueError(f"unknown kind {kind!r}: use {', '.join(DEFAULT_MIX)}")
        weights[kind.strip()] = float(weight)
    return weights


def reader_mix(rng: random.Random, weights=None, *, size: int = 4000) -> Mix:
    """Issue pages 40%, article pages 35%, search 15%, the feed 10% by default.

    Search terms are two-character words from the titles, so most searches find
    something and many are different (not one cached result).
    """
    weights = DEFAULT_MIX if weights is None else weights
    from editorial.signed import readers

    issues = [i.get_absolute_url() for i in readers.as_issues(readers.issues_for(None))]
    articles = list(readers.articles_for(None).values_list("article_id", "title").distinct())
    article_paths = [_reverse_first(("editorial:article_detail", (pk,))) for pk, _ in articles]
    search = _reverse_first(("editorial:search", ()))
    feed = _reverse_first(("editorial:feed", ()), ("editorial:issues_feed", ()))
    terms = sorted(
        {t[i : i + 2] for _, t in articles for i in range(0, len(t) - 1, 3) if t[i : i + 2].strip()}
    )
    kinds = {
        "issue": (weights.get("issue", 0), lambda: rng.choice(issues)),
        "article": (weights.get("article", 0), lambda: rng.choice(article_paths)),
    }
    if search and terms:
        kinds["search"] = (
            weights.get("search", 0),
            lambda: f"{search}?q={quote(rng.choice(terms))}",
        )
    if feed:
        kinds["feed"] = (weights.get("feed", 0), lambda: feed)
    kinds = {kind: entry for kind, entry in kinds.items() if entry[0] > 0}
    total = sum(weight for weight, _ in kinds.values())
    paths, counts = [], {}
    for kind, (weight, pick) in kinds.items():
        n = round(size * weight / total)
        counts[kind] = n
        paths += [pick() for _ in range(n)]
    rng.shuffle(paths)
    return Mix(paths, counts)


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, check=True, text=True, capture_output=True, **kwargs)


def wrk(url: str, script: Path, *, connections: int, threads: int, seconds: int) -> dict:
    """Run Debian's wrk against ``url`` with the Lua ``script``, whose ``done``
    prints one line ``RESULT {json}``; that JSON, parsed."""
    result = run(
        shutil.which("wrk") or "/usr/bin/wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))
