"""Serving an issue page: uncached, cached, and a static file of the same size, side by side.

    scripts/with-postgres .venv/bin/python bench/serve_bench.py
    scripts/with-postgres .venv/bin/python bench/serve_bench.py --duration 5 --rounds 1  # quick
    scripts/with-postgres .venv/bin/python bench/serve_bench.py --max-requests 0  # no recycling

gunicorn.conf.py recycles a worker every 2,000 requests or so. At thousands of
requests a second that means a new worker, loading Django, every second or
less, and those start-ups weigh most on the fastest address, the static file.
``--max-requests 0`` measures without them.

One gunicorn (production settings: DEBUG off, ``gunicorn.conf.py`` with its
threaded workers, Redis reached through its Unix socket as on a single host,
PostgreSQL) on loopback serves a throwaway database holding the two sample
issues. wrk (Debian's) then measures, in interleaved rounds, three addresses of
that same server:

``uncached``  the 2012 issue page with a query string the page cache never stores
              (``?bench=uncached``): every request runs the whole middleware stack,
              URL routing and the view, whose ``reading_page`` decorator reads
              the version tokens, and which assembles the page from the parts
              kept per version (``editorial.reading.rendering``: the bulletin
              body rendered once per version of the issue; the issue and its
              neighbours kept while the page's tokens stay the same) and
              renders the frame around them;
``cached``    the same page at its own address, answered from the page cache by
              ``editorial.reading.pagecache.ReadingCacheMiddleware``;
``static``    the same bytes saved as a file in STATIC_ROOT and served by whitenoise —
              the practical upper bound for this server;

and, for comparison, one address of a second gunicorn on the same database with
no cache at all (``CACHE_URL=dummy://``):

``no cache``  the same page rendered from the database on every request: the issue,
              its signed version, corrections and neighbours queried, all of it
              rendered.

Reported: requests per second and latency (p50, p99) for each, the median of the
rounds, and each page's share of the static figure (targets: uncached ≥ 30 %,
cached ≥ 90 %). Everything listens on loopback; the run is bounded by
``--rounds`` x 4 x ``--duration`` seconds plus set-up. JSON goes to bench/results/.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import harness

LUA = r"""
wrk.headers["X-Forwarded-Proto"] = "https"
wrk.headers["Accept-Language"] = "zh-CN"

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "errors": %d, ' ..
    '"p50_ms": %.2f, "p99_ms": %.2f}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""

ISSUE = "/bulletin/issues/2012/1/"  # the migrated bulletin's (/issues/… redirects)
TARGETS = {"uncached": 0.30, "cached": 0.90}


def wrk(url: str, script: Path, *, connections: int, threads: int, seconds: int) -> dict:
    measured = harness.wrk(url, script, connections=connections, threads=threads, seconds=seconds)
    measured["rps"] = measured["requests"] / (measured["duration_us"] / 1e6)
    return measured


def fetch(url: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


def render_issue_page() -> bytes:
    """The issue page as an anonymous reader gets it, rendered in this process."""
    from django.test import Client

    response = Client(HTTP_HOST="127.0.0.1").get(ISSUE, secure=True)
    assert response.status_code == 200, response.status_code
    return response.content


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    arguments.add_argument("--rounds", type=int, default=3, help="measurements per address")
    arguments.add_argument("--connections", type=int, default=16)
    arguments.add_argument("--wrk-threads", type=int, default=2)
    arguments.add_argument("--workers", type=int, help="gunicorn workers (default: 2 x cores + 1)")
    arguments.add_argument(
        "--threads", type=int, default=4, help="threads per gunicorn worker (as gunicorn.conf.py)"
    )
    arguments.add_argument(
        "--max-requests",
        type=int,
        help="recycle each worker after this many requests (default: gunicorn.conf.py's "
        "2000; 0 = never, which takes worker start-ups out of the figures)",
    )
    arguments.add_argument("--cache", choices=["redis", "locmem"], default="redis")
    arguments.add_argument(
        "--redis-tcp", action="store_true", help="reach Redis over TCP, not its Unix socket"
    )
    options = arguments.parse_args()
    harness.require_postgres()
    if not shutil.which("wrk") and not Path("/usr/bin/wrk").exists():
        sys.exit("wrk is not installed: apt-get install wrk")
    workers = options.workers or (os.cpu_count() or 1) * 2 + 1

    tmp = tempfile.TemporaryDirectory(prefix="bench-serve-")
    static_root = Path(tmp.name) / "static"
    # This process renders the page too: it must see the collected (hashed) static files.
    os.environ["STATIC_ROOT"] = str(static_root)
    with tmp, harness.bench_database() as db:
        from django.core.management import call_command

        call_command("import_legacy", str(harness.ROOT / "seeds"), verbosity=0)
        harness.collect_static(static_root)
        page = render_issue_page()
        (static_root / "bench").mkdir()
        (static_root / "bench" / "issue.html").write_bytes(page)
        script = Path(tmp.name) / "bench.lua"
        script.write_text(LUA, encoding="utf-8")

        with (
            harness.RedisServer() if options.cache == "redis" else contextlib.nullcontext() as redis
        ):
            env = harness.production_env(
                DATABASE_URL=db,
                STATIC_ROOT=str(static_root),
                CACHE_URL=(redis.url if options.redis_tcp else redis.socket_url)
                if redis
                else "locmem://",
            )
            if options.max_requests is not None:
                env["GUNICORN_MAX_REQUESTS"] = str(options.max_requests)
            without_cache = {**env, "CACHE_URL": "dummy://"}
            with (
                harness.Gunicorn(env, workers=workers, threads=options.threads) as server,
                harness.Gunicorn(without_cache, workers=workers, threads=options.threads) as bare,
            ):
                addresses = {
                    "static": server.base_url + "/static/bench/issue.html",
                    "uncached": server.base_url + ISSUE + "?bench=uncached",
                    "cached": server.base_url + ISSUE,
                    "no cache": bare.base_url + ISSUE,
                }
                sizes = {}
                for name, url in addresses.items():
                    status, body = fetch(url)
                    assert status == 200, (name, status)
                    sizes[name] = len(body)
                    # Warm-up: every worker connects to the database and the cache,
                    # and the cached page gets stored.
                    wrk(url, script, connections=options.connections, threads=2, seconds=2)
                runs: dict[str, list[dict]] = {name: [] for name in addresses}
                for _ in range(options.rounds):
                    for name, url in addresses.items():
                        runs[name].append(
                            wrk(
                                url,
                                script,
                                connections=options.connections,
                                threads=options.wrk_threads,
                                seconds=options.duration,
                            )
                        )

    summary = {}
    for name, measured in runs.items():
        errors = sum(m["errors"] for m in measured)
        summary[name] = {
            "requests_per_second": round(statistics.median(m["rps"] for m in measured), 1),
            "p50_ms": round(statistics.median(m["p50_ms"] for m in measured), 2),
            "p99_ms": round(statistics.median(m["p99_ms"] for m in measured), 2),
            "bytes": sizes[name],
            "errors": errors,
            "rounds": [round(m["rps"], 1) for m in measured],
        }
    static = summary["static"]["requests_per_second"]
    for name in ("uncached", "cached", "no cache"):
        summary[name]["share_of_static"] = round(summary[name]["requests_per_second"] / static, 3)

    recycling = "never" if options.max_requests == 0 else options.max_requests or "default"
    print(
        f"\ngunicorn {workers} workers x {options.threads} threads (recycled: {recycling}), "
        f"cache {options.cache}, "
        f"{options.connections} connections, {options.rounds} x {options.duration} s each, "
        f"{os.cpu_count()} CPUs"
    )
    print(f"{'':10} {'bytes':>7} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'of static':>10}")
    for name in ("static", "uncached", "cached", "no cache"):
        row = summary[name]
        share = f"{row['share_of_static']:.0%}" if "share_of_static" in row else ""
        target = f" (target {TARGETS[name]:.0%})" if name in TARGETS else ""
        print(
            f"{name:10} {row['bytes']:>7} {row['requests_per_second']:>9.0f} "
            f"{row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f} {share:>10}{target}"
        )
    failed = [name for name, row in summary.items() if row["errors"]]
    if failed:
        print(f"errors in: {', '.join(failed)}", file=sys.stderr)

    results = harness.ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    report = {
        "summary": summary,
        "gunicorn": {
            "workers": workers,
            "threads": options.threads,
            "max_requests": options.max_requests,
        },
        "cache": options.cache,
        "connections": options.connections,
        "duration_s": options.duration,
        "rounds": options.rounds,
        "cpus": os.cpu_count(),
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    (results / "serve_bench.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
