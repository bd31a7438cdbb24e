"""Benchmark of the legacy importer: N generated files into the configured database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsletter \\
        .venv/bin/python bench/import_bench.py -n 2000 [--format word]

The files recombine the two sample issues' paragraphs, headlines and sources
(about 20 articles per issue) in the four encodings and three line endings the
archive holds; with ``--format word``, the same bulletins as Word files (.docx
made with python-docx: a cover page with 第N期（总第M期）, publisher and date, and a
picture in every other issue). They are imported with ``manage.py import_legacy`` into a
throwaway test database (``test_<name>``, created, migrated and dropped here),
so the configured database is never touched. Reports issues per second and the
process's peak resident memory; run it with two sizes to see that memory does
not grow with N.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsletter.settings")
os.environ["DEBUG"] = "false"  # no query log: memory must not grow with N
os.environ.setdefault("SECRET_KEY", "import-bench-only")

from editorial.legacy.parser import parse  # noqa: E402  (plain Python, no Django)

ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "utf-16"]
NEWLINES = ["\n", "\r\n", "\r"]
SECTIONS = ["工作动态", "经验交流", "文化建设", "服务基层", "领导言论", "权益维护"]
EXTRA_SOURCES = [
    "市总宣教部、研究室",
    "市总工会组织部",
    "综合来稿",
    "市总生活部、女工部",
    "中核苏阀工会",
]
PREFIXES = ["", "全市", "我市", "各级工会", "市总工会"]
SUFFIXES = ["", "取得实效", "扎实推进", "成效明显"]


def sample_pools():
    articles, briefs = [], []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for article in parse(path.read_bytes()).articles:
            (briefs if article.kind == "brief" else articles).append(article)
    return {
        "headlines": [a.title.replace(" ", "") for a in articles]
        + [a.subtitle for a in articles if a.subtitle],
        "paragraphs": [p for a in articles for p in a.paragraphs],
        "briefs": [p for a in briefs for p in a.paragraphs],
        "brief_titles": [a.title for a in briefs],
        "sources": sorted({a.source_text for a in articles + briefs} | set(EXTRA_SOURCES)),
        "distribution": parse(
            (ROOT / "seeds" / "000_baba5704e00f6812.txt").read_bytes()
        ).distribution,
    }


def legacy_document(rng: random.Random, pools) -> str:
    lines = []
    toc = []
    for name in rng.sample(SECTIONS, 3):
        lines += [f"【{name}】", ""]
        for _ in range(5):
            title = rng.choice(PREFIXES) + rng.choice(pools["headlines"]) + rng.choice(SUFFIXES)
            lines.append(title)
            if rng.random() < 0.3:
                lines.append(rng.choice(pools["headlines"]))
            if rng.random() < 0.5:
                lines.append("")
            paragraphs = rng.sample(pools["paragraphs"], rng.randint(1, 3))
            lines += paragraphs[:-1]
            source = f"（{rng.choice(pools['sources'])}）"
            if rng.random() < 0.5:
                lines.append(paragraphs[-1] + " " * rng.randint(0, 12) + source)
            else:
                lines += [paragraphs[-1], source]
            lines.append("")
    lines += ["【简讯】", ""]
    for index in rng.sample(range(len(pools["briefs"])), 5):
        source = rng.choice(pools["sources"])
        lines.append(f"●{pools['briefs'][index]}      （{source}）")
        toc.append(f"●{pools['brief_titles'][index]}")
    lines.append("本期印发：" + "、".join(pools["distribution"]))
    if rng.random() < 0.5:
        lines += ["【简讯】", *toc]
    return "\n".join(lines) + "\n"


def word_document(text: str, year: int, number: int, picture: bytes | None) -> bytes:
    """The bulletin as a Word file: a cover page, then its lines as paragraphs."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    masthead = document.add_paragraph()
    run = masthead.add_run("工会工作简报")
    run.font.size, run.font.color.rgb = Pt(36), RGBColor(0xE0, 0x10, 0x10)
    masthead.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(f"第{number}期（总第{(year - 1950) * 100 + number}期）")
    document.add_paragraph(f"苏州市总工会办公室  {year}年4月25日")
    lines = text.splitlines()
    for index, line in enumerate(lines):
        document.add_paragraph(line)
        if picture and index == 5:
            document.add_picture(io.BytesIO(picture))
            document.add_paragraph("图为活动现场")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _picture() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (180, 40, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def generate(directory: Path, count: int, seed: int, file_format: str = "text") -> int:
    directory.mkdir(exist_ok=True)
    rng = random.Random(seed)
    pools = sample_pools()
    picture = _picture() if file_format == "word" else None
    total = 0
    for index in range(count):
        year, number = 1950 + index // 100, index % 100 + 1
        if file_format == "word":
            text = legacy_document(rng, pools)
            data = word_document(text, year, number, picture if index % 2 else None)
            (directory / f"{year}_{number:02d}.docx").write_bytes(data)
        else:
            text = legacy_document(rng, pools).replace("\n", NEWLINES[index % len(NEWLINES)])
            data = text.encode(ENCODINGS[index % len(ENCODINGS)])
            (directory / f"{year}_{number:02d}.txt").write_bytes(data)
        total += len(data)
    return total


def run_import(directory: Path, jobs: int | None) -> None:
    """``manage.py import_legacy`` of the generated files, quietly (``jobs``: its --jobs)."""
    from django.core.management import call_command

    call_command("import_legacy", directory, verbosity=0, stdout=io.StringIO(), jobs=jobs)


def _server_cpu(connection) -> float:
    """CPU seconds used so far by the whole PostgreSQL server: every backend (this
    connection's and the import workers'), the WAL writer, autovacuum… (same machine
    only). Processes that have ended count through the postmaster's children time."""
    if connection.vendor != "postgresql":
        return -1.0
    try:
        postmaster = int(_stat(_backend_pid(connection))[1])
        total = sum(int(field) for field in _stat(postmaster)[11:15])  # own + ended children
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = _stat(int(entry.name))
                except OSError:
                    continue  # ended meanwhile
                if int(fields[1]) == postmaster:
                    total += int(fields[11]) + int(fields[12])
    except OSError:
        return -1.0
    return total / os.sysconf("SC_CLK_TCK")


def _wait_for_other_backends(connection, database: str, timeout: float = 10.0) -> None:
    """Until the import workers' server processes have ended, and so count in the
    postmaster's children time (a worker's backend outlives it by a moment)."""
    if connection.vendor != "postgresql":
        return
    own = _backend_pid(connection)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        others = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and int(entry.name) != own:
                try:
                    command = (entry / "cmdline").read_bytes()
                except OSError:
                    continue
                if command.startswith(b"postgres:") and f" {database} ".encode() in command:
                    others.append(entry.name)
        if not others:
            time.sleep(0.1)  # and reaped by the postmaster
            return
        time.sleep(0.05)


def _backend_pid(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _stat(pid: int) -> list[str]:
    """/proc/PID/stat after the command name: state, ppid, … (utime is [11])."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _importer_cpu() -> float:
    """CPU seconds of this process and its ended children (the import workers)."""
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    )


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("-n", "--issues", type=int, default=2000)
    arguments.add_argument("--seed", type=int, default=2026)
    arguments.add_argument(
        "--format",
        choices=["text", "word"],
        default="text",
        help="plain-text files (default) or Word files (.docx with a cover page and pictures)",
    )
    arguments.add_argument(
        "--jobs", type=int, help="import_legacy --jobs (default: the command's, one per core)"
    )
    arguments.add_argument(
        "--without-search-index",
        action="store_true",
        help="measure the import alone: skip the full-text index upkeep (editorial.search)",
    )
    options = arguments.parse_args()

    import django

    django.setup()
    from django.db import connection

    from editorial.content.models import Article, Issue
    from editorial.legacy.batch import jobs_for
    from editorial.legacy.importer import ImportOptions

    if options.without_search_index:
        from editorial.search import index as search_index

        search_index.index_copy = lambda signed: 0  # what each sign-off calls

    with tempfile.TemporaryDirectory(prefix="legacy-bench-") as tmp:
        size = generate(Path(tmp) / "files", options.issues, options.seed, options.format)
        print(f"generated {options.issues} files, {size / 1e6:.1f} MB, in {tmp}", file=sys.stderr)
        # Pictures of Word files are stored here, not in the project's media folder.
        from django.conf import settings

        settings.MEDIA_ROOT = Path(tmp) / "media"
        test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            jobs = jobs_for(options.issues, ImportOptions(), options.jobs)
            server_cpu_before = _server_cpu(connection)
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            cpu_before = _importer_cpu()
            started = time.perf_counter()
            try:
                run_import(Path(tmp) / "files", options.jobs)
                failed = 0
            except Exception as error:  # the summary says how many failed
                failed = str(error)
            elapsed = time.perf_counter() - started
            _wait_for_other_backends(connection, test_db)
            cpu = _importer_cpu() - cpu_before
            server_cpu = _server_cpu(connection) - server_cpu_before
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            rss_workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            issues, articles = Issue.objects.count(), Article.objects.count()
        finally:
            connection.creation.destroy_test_db(test_db, verbosity=0)

    print(f"files:           {options.format}")
    print(f"database:        {connection.vendor} ({test_db}, dropped)")
    if options.without_search_index:
        print("search index:    NOT maintained (--without-search-index)")
    print(f"issues imported: {issues} of {options.issues} (failed: {failed})")
    print(f"articles:        {articles}")
    print(f"time:            {elapsed:.1f} s")
    print(f"issues/second:   {issues / elapsed:.0f}")
    print(f"articles/second: {articles / elapsed:.0f}")
    print(f"worker processes: {jobs}")
    print(
        f"importer CPU:    {cpu:.1f} s "
        f"({cpu / max(issues, 1) * 1000:.1f} ms per issue, this process and its workers)"
    )
    if server_cpu >= 0:
        print(
            f"database CPU:    {server_cpu:.1f} s "
            f"({server_cpu / max(issues, 1) * 1000:.1f} ms per issue, the whole server)"
        )
    print(
        f"peak RSS:        {rss_after / 1024:.0f} MB in this process "
        f"(before the import: {rss_before / 1024:.0f} MB)"
        + (f", {rss_workers / 1024:.0f} MB in the largest worker" if jobs > 1 else "")
    )
    return 0 if issues == options.issues else 1


if __name__ == "__main__":
    sys.exit(main())
