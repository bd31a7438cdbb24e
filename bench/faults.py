"""Faults: PostgreSQL stopped and restarted under load; an import killed halfway.

    scripts/with-postgres .venv/bin/python bench/faults.py

Needs the throwaway cluster of ``scripts/with-postgres`` (it exports PG_BIN and
PG_DATA, so this script can stop and start that cluster; never a server of
yours). Loopback only; about two minutes on two cores.

1. Database outage. gunicorn (production settings, Redis cache) serves a reader
   mix from 16 client threads. After ``--before`` seconds PostgreSQL is stopped
   (fast shutdown: open connections are cut), after ``--down`` more seconds it
   is started again, and the load goes on for ``--after`` seconds. Every answer
   is classified. Expected: only 200s before; while down, the Chinese 503 page
   (or a page still in the cache), never a 500, a traceback or a refused
   connection; after the restart the site recovers by itself — gunicorn is not
   restarted (same master, same workers) — and answers 200 again.

2. Interrupted import. ``import_legacy`` runs as a process on ``--files``
   generated files and is killed with SIGKILL once part of the batch is in.
   Expected: every issue in the database is complete (its sections and articles
   are exactly those of its file: each file is one transaction), and running
   the same import again completes the batch.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import harness

OUTAGE_PAGE = "暂时无法访问"


# --- PostgreSQL control ---------------------------------------------------------------------


class Cluster:
    """The with-postgres cluster: stop and start it with the options it was started with."""

    def __init__(self):
        try:
            self.bin, self.data = Path(os.environ["PG_BIN"]), Path(os.environ["PG_DATA"])
        except KeyError:
            sys.exit(
                "Run this under scripts/with-postgres: it stops and starts that throwaway "
                "cluster (PG_BIN and PG_DATA), never another server."
            )
        port = urlsplit(os.environ["DATABASE_URL"]).port
        self.options = (
            f"-p {port} -k {self.data.parent} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c max_connections=200"
        )
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []

    def _pg_ctl(self, *args: str) -> None:
        harness.run(*self.as_owner, str(self.bin / "pg_ctl"), "-D", str(self.data), *args)

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "stop")

    def start(self) -> None:
        log = self.data.parent / "server.log"
        self._pg_ctl("-w", "-l", str(log), "-o", self.options, "start")


# --- 1. Database outage under load -----------------------------------------------------------


def classify(status: int, body: str) -> str:
    if "Traceback" in body:
        return "traceback"
    if status == 503 and OUTAGE_PAGE in body:
        return "503 page"
    return str(status)


class Load:
    """Client threads requesting the mix; every answer logged with its time."""

    def __init__(self, base_url: str, paths: list[str], threads: int):
        self.base_url, self.paths, self.threads = base_url, paths, threads
        self.log: list[tuple[float, str]] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._workers = [
            threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(threads)
        ]

    def _run(self, number: int) -> None:
        browser = harness.Browser()
        index = number * 997
        while not self.stopping.is_set():
            index += 1
            path = self.paths[index % len(self.paths)]
            try:
                response = browser.get(self.base_url + path, timeout=10)
                outcome = classify(response.status, response.text)
            except OSError as error:
                outcome = f"connection error ({type(error).__name__})"
            with self._lock:
                self.log.append((time.monotonic(), outcome))

    def __enter__(self):
        for worker in self._workers:
            worker.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        for worker in self._workers:
            worker.join(timeout=15)

    def between(self, start: float, end: float) -> Counter:
        return Counter(outcome for at, outcome in self.log if start <= at < end)


def worker_pids(master: int) -> set[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return {int(pid) for pid in children.read_text().split()} if children.exists() else set()


def database_outage(db: str, static: Path, mix: list[str], options) -> dict:
    cluster = Cluster()
    with harness.RedisServer() as redis:
        env = harness.production_env(
            DATABASE_URL=db,
            STATIC_ROOT=str(static),
            CACHE_URL=redis.url,
            GUNICORN_MAX_REQUESTS="0",  # no planned worker restarts during the test
        )
        with harness.Gunicorn(env, workers=3, threads=4) as server:
            master = server.process.pid
            # The master listens before its workers have booted: wait for all three.
            deadline = time.monotonic() + 60
            while len(worker_pids(master)) < 3 and time.monotonic() < deadline:
                time.sleep(0.1)
            workers_before = worker_pids(master)
            with Load(server.base_url, mix, options.clients) as load:
                t0 = time.monotonic()
                time.sleep(options.before)
                t_down = time.monotonic()
                cluster.stop()
                time.sleep(options.down)
                cluster.start()
                t_up = time.monotonic()
                time.sleep(options.after)
                t_end = time.monotonic()
            workers_after = worker_pids(master)
            alive = server.process.poll() is None
            worker_events = [
                line.split("] ", 2)[-1]
                for line in server.output().splitlines()
                if any(word in line for word in ("Booting worker", "TIMEOUT", "exiting", "Error"))
            ]

    # Recovered: from the last answer that was not a 200 on (a 200 alone proves
    # little: it may be a page from the cache, served without the database).
    last_failure = max((at for at, o in load.log if at >= t_up and o != "200"), default=t_up)
    return {
        "phases_s": {"before": options.before, "down": options.down, "after": options.after},
        "before": dict(load.between(t0, t_down)),
        "down": dict(load.between(t_down, t_up)),
        "after_restart": dict(load.between(t_up, t_end)),
        "recovered_after_s": round(last_failure - t_up, 2),
        "after_recovery": dict(load.between(last_failure + 1e-9, t_end)),
        "gunicorn_master_alive": alive,
        "gunicorn_workers_unchanged": workers_before == workers_after and bool(workers_before),
        "gunicorn_worker_events": worker_events,
    }


def outage_ok(report: dict) -> list[str]:
    problems = []
    if set(report["before"]) != {"200"}:
        problems.append(f"before the outage, not only 200s: {report['before']}")
    unexpected = set(report["down"]) - {"503 page", "200"}
    if unexpected:
        problems.append(f"while down, answers other than the 503 page: {report['down']}")
    if "503 page" not in report["down"]:
        problems.append("while down, no 503 page was seen")
    if set(report["after_restart"]) - {"503 page", "200"}:
        problems.append(f"after the restart, answers other than 200: {report['after_restart']}")
    if report["recovered_after_s"] > report["phases_s"]["after"] - 5:
        problems.append(f"the site did not recover by itself: {report['after_restart']}")
    if not report["after_recovery"]:
        problems.append("no answers at all after the restart")
    if not report["gunicorn_master_alive"] or not report["gunicorn_workers_unchanged"]:
        problems.append("gunicorn was restarted")
    return problems


# --- 2. Interrupted import -------------------------------------------------------------------


def interrupted_import(db: str, options) -> dict:
    from django.db.models import Count

    from editorial.content.models import Article, Issue
    from editorial.legacy.parser import parse

    with tempfile.TemporaryDirectory(prefix="bench-kill-") as tmp:
        files = Path(tmp) / "issues"
        files.mkdir()
        harness.generate_legacy_files(files, options.files, seed=7)
        expected = {}
        for path in files.iterdir():
            data = path.read_bytes()
            parsed = parse(data, filename=path.name)
            expected[hashlib.sha256(data).hexdigest()] = (
                len(parsed.sections),
                len(parsed.articles),
            )
        command = [sys.executable, str(harness.ROOT / "manage.py"), "import_legacy"]
        env = {**harness.production_env(DATABASE_URL=db), "LOG_LEVEL": "ERROR"}
        process = subprocess.Popen(
            [*command, str(files)],
            cwd=harness.ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        target = options.files // 3
        deadline = time.monotonic() + 300
        while Issue.objects.count() < target and time.monotonic() < deadline:
            if process.poll() is not None:
                sys.exit("the import ended before it could be killed: use more --files")
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait()
        in_database = {
            issue.legacy_sha256: (issue.sections_count, issue.articles_count)
            for issue in Issue.objects.annotate(
                sections_count=Count("sections", distinct=True),
                articles_count=Count("sections__articles", distinct=True),
            )
        }
        incomplete = [sha for sha, counts in in_database.items() if expected.get(sha) != counts]
        killed_at = len(in_database)
        rerun = subprocess.run(
            [*command, str(files)], cwd=harness.ROOT, env=env, capture_output=True, text=True
        )
        after_rerun = Issue.objects.count()
        articles = Article.objects.count()

    return {
        "files": options.files,
        "issues_when_killed": killed_at,
        "incomplete_issues": len(incomplete),
        "rerun_exit_status": rerun.returncode,
        "issues_after_rerun": after_rerun,
        "articles_after_rerun": articles,
        "articles_expected": sum(articles for _, articles in expected.values()),
    }


def import_ok(report: dict) -> list[str]:
    problems = []
    if not 0 < report["issues_when_killed"] < report["files"]:
        problems.append("the import was not killed halfway")
    if report["incomplete_issues"]:
        problems.append(f"{report['incomplete_issues']} partial issues after the kill")
    if report["issues_after_rerun"] != report["files"]:
        problems.append("running the import again did not complete the batch")
    if report["articles_after_rerun"] != report["articles_expected"]:
        problems.append("articles after the rerun differ from the files")
    return problems


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("--issues", type=int, default=100, help="issues served under load")
    arguments.add_argument("--clients", type=int, default=16, help="client threads")
    arguments.add_argument("--before", type=float, default=10)
    arguments.add_argument("--down", type=float, default=10)
    arguments.add_argument("--after", type=float, default=15)
    arguments.add_argument("--files", type=int, default=600, help="files in the killed import")
    arguments.add_argument("--only", choices=["outage", "import"], help="run one of the two")
    options = arguments.parse_args()
    harness.require_postgres()
    Cluster()  # fail early outside with-postgres

    reports, problems = {}, []
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as tmp, harness.bench_database() as db:
        harness.fill(options.issues)
        harness.collect_static(Path(tmp) / "static")
        mix = harness.reader_mix(random.Random(7)).paths
        from django.db import connection

        connection.close()  # this process's connection must not be the one to notice
        if options.only in (None, "outage"):
            reports["database_outage"] = database_outage(db, Path(tmp) / "static", mix, options)
            problems += outage_ok(reports["database_outage"])
            connection.close()
        if options.only in (None, "import"):
            # Start the import on a database without issues (signed versions protect
            # issues from deletion: truncate, as a new database would be).
            with connection.cursor() as cursor:
                cursor.execute("TRUNCATE editorial_issue CASCADE")
            reports["interrupted_import"] = interrupted_import(db, options)
            problems += import_ok(reports["interrupted_import"])

    results = harness.ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    text = json.dumps(reports, indent=2, ensure_ascii=False)
    (results / f"faults-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(
        text + "\n", encoding="utf-8"
    )
    print(text)
    for problem in problems:
        print("FAILED:", problem, file=sys.stderr)
    print("faults: " + ("FAILED" if problems else "all expectations met"), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
