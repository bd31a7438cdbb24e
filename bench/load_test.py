"""Load test: gunicorn + PostgreSQL + Redis on loopback, driven by wrk.

    scripts/with-postgres .venv/bin/python bench/load_test.py
    scripts/with-postgres .venv/bin/python bench/load_test.py --duration 10   # a quick look

A throwaway database gets ``--issues`` generated legacy issues (about 20 articles
each) plus the two samples; gunicorn serves it with the production settings
(DEBUG off, gunicorn.conf.py, Redis cache) behind an imagined TLS proxy. Every
page of the mix is requested once first (unless ``--cold``), as on a site that
has been up for a while; then wrk (Debian's) requests a mix of issue pages,
article pages, searches (never cached) and the feed over ``--connections``
keep-alive connections for ``--duration`` seconds, after a short warm-up.
Reports requests per second, latency percentiles and every error (connection
errors, timeouts, non-2xx/3xx answers); exits non-zero on any error.
The result is also written to bench/results/ as JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import harness

LUA = r"""
local paths = {%(paths)s}
local counter = 0
local thread_number = 0

function setup(thread)
  thread:set("offset", thread_number * 997)
  thread_number = thread_number + 1
end

function init(args)
  counter = tonumber(wrk.thread:get("offset")) or 0
  wrk.headers["X-Forwarded-Proto"] = "https"
  wrk.headers["Accept-Language"] = "zh-CN"
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "bytes": %%d, "connect_errors": %%d, ' ..
    '"read_errors": %%d, "write_errors": %%d, "status_errors": %%d, "timeouts": %%d, ' ..
    '"p50_ms": %%.2f, "p90_ms": %%.2f, "p99_ms": %%.2f, "max_ms": %%.2f, "mean_ms": %%.2f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000))
end
"""


def visit_once(base_url: str, paths: list[str]) -> None:
    """Request each page once (eight at a time), so that the measured run finds
    them in the cache as a site that has been up for a while would."""
    from concurrent.futures import ThreadPoolExecutor

    def visit(path):
        status = harness.Browser().get(base_url + path, timeout=60).status
        if status != 200:
            raise RuntimeError(f"{path}: {status}")

    started = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(visit, sorted(paths)))
    print(
        f"visited {len(paths)} pages once in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("--issues", type=int, default=300, help="generated issues to serve")
    arguments.add_argument("--duration", type=int, default=60, help="seconds of measured load")
    arguments.add_argument("--warmup", type=int, default=5, help="seconds of unmeasured load")
    arguments.add_argument(
        "--cold",
        action="store_true",
        help="measure with a cold page cache (default: every page of the mix is visited once"
        " before, as on a site that has been up for a while; searches are never cached)",
    )
    arguments.add_argument("--connections", type=int, default=64)
    arguments.add_argument("--wrk-threads", type=int, default=2)
    arguments.add_argument("--workers", type=int, help="gunicorn workers (default: 2 x cores + 1)")
    arguments.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    arguments.add_argument("--cache", choices=["redis", "locmem"], default="redis")
    arguments.add_argument(
        "--mix",
        type=harness.parse_mix,
        default=harness.DEFAULT_MIX,
        help="weights of the request kinds (default: issue=40,article=35,search=15,feed=10)",
    )
    options = arguments.parse_args()
    harness.require_postgres()
    if not shutil.which("wrk") and not Path("/usr/bin/wrk").exists():
        sys.exit("wrk is not installed: apt-get install wrk")
    workers = options.workers or (os.cpu_count() or 1) * 2 + 1

    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp, harness.bench_database() as db:
        started = time.perf_counter()
        harness.fill(options.issues)
        harness.collect_static(Path(tmp) / "static")
        mix = harness.reader_mix(random.Random(2026), options.mix)
        print(
            f"prepared {options.issues} + 2 issues, mix {mix.counts} "
            f"in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
        script = Path(tmp) / "mix.lua"
        script.write_text(
            LUA % {"paths": ", ".join(json.dumps(p) for p in mix.paths)}, encoding="utf-8"
        )
        with (
            harness.RedisServer() if options.cache == "redis" else contextlib.nullcontext() as redis
        ):
            env = harness.production_env(
                DATABASE_URL=db,
                STATIC_ROOT=str(Path(tmp) / "static"),
                CACHE_URL=redis.url if redis else "locmem://",
            )
            with harness.Gunicorn(env, workers=workers, threads=options.threads) as server:
                url = server.base_url
                if not options.cold:
                    visit_once(url, [p for p in set(mix.paths) if "?q=" not in p])
                harness.wrk(
                    url, script, connections=options.connections, threads=2, seconds=options.warmup
                )
                # Other work on the machine skews the figures: say how busy it was (this
                # includes the warm-up itself: about the number of CPUs when alone).
                load_before = os.getloadavg()[0]
                result = harness.wrk(
                    url,
                    script,
                    connections=options.connections,
                    threads=options.wrk_threads,
                    seconds=options.duration,
                )

    errors = sum(
        result[k]
        for k in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
    )
    seconds = result["duration_us"] / 1e6
    result.update(
        requests_per_second=round(result["requests"] / seconds, 1),
        errors=errors,
        mix=mix.counts,
        issues=options.issues + 2,
        connections=options.connections,
        duration_s=options.duration,
        gunicorn={"workers": workers, "threads": options.threads},
        cache=options.cache,
        page_cache="cold" if options.cold else "warm",
        cpus=os.cpu_count(),
        load_average_after_warmup=round(load_before, 2),
    )
    results = harness.ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"load-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(
        f"{result['requests']} requests in {seconds:.1f} s over {options.connections} connections"
        f" ({workers} gunicorn workers x {options.threads} threads, {options.cache} cache,"
        f" {'cold' if options.cold else 'warm'} pages, {os.cpu_count()} CPUs,"
        f" 1-min load average {load_before:.1f} after the warm-up)\n"
        f"requests/s: {result['requests_per_second']}\n"
        f"latency:    p50 {result['p50_ms']} ms, p90 {result['p90_ms']} ms, "
        f"p99 {result['p99_ms']} ms, max {result['max_ms']} ms\n"
        f"errors:     {errors} (connect {result['connect_errors']}, read {result['read_errors']},"
        f" write {result['write_errors']}, non-2xx/3xx {result['status_errors']},"
        f" timeouts {result['timeouts']})"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
