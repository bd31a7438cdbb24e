"""Benchmark of the issue's files: the PDF and the Word file of a 20-article issue.

    .venv/bin/python bench/pdf_bench.py              # 5 runs each, after one warm-up
    .venv/bin/python bench/pdf_bench.py --repeat 10

It makes a throwaway SQLite database, migrates it, and composes one issue of
twenty articles from the real articles of the two sample issues (their
sections, headlines, bodies, sources and 简讯, taken in turn), which it signs
off and publishes through the workflow. Then it renders the signed issue as
PDF (``editorial.output.pdf.render``: layout, 本期要目, PDF/A, font subsetting)
and as Word (``editorial.output.word.render``) ``--repeat`` times each after
one warm-up run (the first run also loads the fonts), and reports the median
and the slowest time, the pages and the size. Reading the copy from the
database is not timed: a reader's request pays it once per signed version,
and the file is kept after that.
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
from editorial.output import pdf, printed, word  # noqa: E402
from tests.factories import take_to  # noqa: E402  (the workflow, as editors take it)

ARTICLES = 20


def sample_articles():
    """(section name, parsed article) of the sample issues, in printed order."""
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for section in parse(path.read_bytes()).sections:
            for article in section.articles:
                yield section.name, article


def compose() -> Issue:
    issue = Issue.objects.create(
        year=2026, number=8, cumulative_number=215, print_run=300, issue_date="2026-04-25"
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
