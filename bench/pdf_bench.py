"""Benchmark of the issue's files: the PDF and the Word file of a 20-article issue.

    .venv/bin/python bench/pdf_bench.py              # 5 runs each, after one warm-up
    .venv/bin/python bench/pdf_bench.py --repeat 10

It makes a throwaway SQLite database, migrates it, and composes one issue of
twenty articles from the real articles of the two sample issues (their
sections, headlines, bodies, sources and 简讯, taken in turn), which it signs
off and publishes through the workflow. Then it times, as a reader's requests
pay them:

- the server process's very first PDF (``files.signed_file(…).content()``),
  which also starts the bounded render worker from nothing: its fork server,
  WeasyPrint and the fonts loaded, once per server process;
- the first PDF of a second issue (the render lock, layout, 本期要目, tagged
  PDF/A-2b, font subsetting, keeping the file), as a reader's first request
  for a newly signed issue pays it;
- a repeated request, served from the kept file;
- ``--repeat`` more renders of the PDF in the warm worker
  (``editorial.output.pdf.render``) and of the Word file
  (``editorial.output.word.render``), after one warm-up run,

and reports the median and the slowest time, the pages and the size. Reading
the copy from the database is not timed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
DATABASE = tempfile.TemporaryDirectory(prefix="pdf-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE.name}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsletter.settings")
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 50)
os.environ["MEDIA_ROOT"] = DATABASE.name

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from editorial.content.models import (  # noqa: E402
    Article,
    ArticleSource,
    DistributionEntry,
    Issue,
    Recipient,
    SourceOrganization,
)
from editorial.legacy.parser import parse  # noqa: E402
from editorial.output import files, pdf, printed, word  # noqa: E402
from tests.factories import take_to  # noqa: E402  (the workflow, as editors take it)

ARTICLES = 20


def sample_articles():
    """(section name, parsed article) of the sample issues, in printed order."""
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for section in parse(path.read_bytes()).sections:
            for article in section.articles:
                yield section.name, article


def compose(number: int = 8) -> Issue:
    issue = Issue.objects.create(
        year=2026,
        number=number,
        cumulative_number=207 + number,
        print_run=300,
        issue_date="2026-04-25",
    )
    samples = list(sample_articles())
    sections = {}
    for position in range(ARTICLES):
        name, parsed = samples[position % len(samples)]
        if name not in sections:
            sections[name] = issue.sections.create(name=name, position=len(sections) + 1)
        section = sections[name]
        article = Article.objects.create(
            section=section,
            position=section.articles.count() + 1,
            kind=parsed.kind,
            title=parsed.title,
            subtitle=parsed.subtitle,
            byline=parsed.byline,
            body="\n\n".join(parsed.paragraphs),
            source_text=parsed.source_text,
            credit=parsed.credit,
        )
        for rank, source in enumerate(parsed.sources, 1):
            organization, _ = SourceOrganization.objects.get_or_create(name=source)
            ArticleSource.objects.get_or_create(
                article=article, organization=organization, defaults={"position": rank}
            )
    for position, name in enumerate(("市四套班子有关领导", "全总办公厅", "省总工会"), 1):
        unit, _ = Recipient.objects.get_or_create(name=name)
        DistributionEntry.objects.create(issue=issue, recipient=unit, position=position)
    return take_to(issue, Issue.Status.PUBLISHED)


def timed(render, shown, repeat: int) -> tuple[list[float], bytes]:
    render(shown)  # warm-up: fonts loaded, templates compiled
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        content = render(shown)
        times.append(time.perf_counter() - start)
    return times, content


def pages_of(content: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True)
    line = next(x for x in info.stdout.decode().splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="Write the PDF and Word file into this folder.")
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    issue = compose()
    shown = printed.signed_copy(issue.pk)
    count = len(printed.articles_of(shown))
    load = os.getloadavg()[0]
    print(f"{count} articles, {os.cpu_count()} cores, load average {load:.2f} at the start")
    start = time.perf_counter()
    files.signed_file(issue.pk, "pdf").content()
    cold = time.perf_counter() - start
    other = compose(number=9)
    start = time.perf_counter()
    first = files.signed_file(other.pk, "pdf").content()
    warm = time.perf_counter() - start
    start = time.perf_counter()
    again = files.signed_file(other.pk, "pdf").content()
    stored = time.perf_counter() - start
    assert again == first
    print(
        f"First PDF of an issue: {warm:.2f} s (target 3 s), {pages_of(first)} pages; "
        f"the server process's very first (render worker started cold): {cold:.2f} s; "
        f"a repeated request, from the kept file: {stored * 1000:.0f} ms"
    )
    for name, render, limit in (("PDF", pdf.render, 3.0), ("Word", word.render, 1.0)):
        times, content = timed(render, shown, options.repeat)
        if options.keep:
            options.keep.mkdir(parents=True, exist_ok=True)
            (
                options.keep / printed.file_name(shown, name.lower().replace("word", "docx"))
            ).write_bytes(content)
        pages = f", {pages_of(content)} pages" if name == "PDF" else ""
        print(
            f"{name}: median {statistics.median(times):.2f} s, slowest {max(times):.2f} s "
            f"(target {limit:.0f} s), {len(content) / 1024:.0f} KiB{pages}"
        )


if __name__ == "__main__":
    main()
