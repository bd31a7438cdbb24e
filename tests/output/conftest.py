"""Fixtures for the issue's files and mail: poppler's tools and the CJK fonts
(missing ones fail under CI=true), and a signed issue laid out as offices
print it."""

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date

import pytest

from editorial.content.models import Article, Issue
from tests.conftest import missing
from tests.factories import make_issue, take_to

HEADLINE_SECTIONS = ("工作动态", "基层风采", "经验交流")
BRIEFS = "简讯"


@pytest.fixture(scope="session")
def poppler():
    """pdftotext and pdffonts (Debian's poppler-utils)."""
    for tool in ("pdftotext", "pdffonts"):
        if shutil.which(tool) is None:
            missing(f"{tool} is not installed: apt-get install poppler-utils")


@pytest.fixture(scope="session")
def cjk_fonts():
    """The Noto CJK faces the PDF embeds (Debian's fonts-noto-cjk)."""
    found = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False
    ).stdout
    if "Noto Serif CJK SC" not in found or "Noto Sans CJK SC" not in found:
        missing("the Noto CJK fonts are not installed: apt-get install fonts-noto-cjk")


@pytest.fixture(scope="session")
def fangsong_font():
    """The 仿宋 face of the body (FandolFang, Debian's texlive-lang-chinese)."""
    from editorial.output import typeset

    if typeset.font_file("FandolFang") is None:
        missing("the FandolFang font is not installed: apt-get install texlive-lang-chinese")


@pytest.fixture(scope="session")
def libreoffice():
    """Headless LibreOffice (Debian's libreoffice-writer-nogui), to open the Word file."""
    if shutil.which("soffice") is None:
        missing("LibreOffice is not installed: apt-get install libreoffice-writer-nogui")


def word_to_pdf(data: bytes, folder) -> bytes:
    """The Word file as LibreOffice prints it, from a fresh profile."""
    source = folder / "issue.docx"
    source.write_bytes(data)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    return (folder / "issue.pdf").read_bytes()


def pdf_text(data: bytes, *, first: int | None = None, last: int | None = None) -> str:
    command = ["pdftotext", "-enc", "UTF-8"]
    if first:
        command += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(
        [*command, "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def pdf_pages(data: bytes) -> int:
    return pdf_text(data).count("\f")


MM = 72 / 25.4
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


@dataclass
class Word:
    """A run of text on a page as poppler reads it (positions in mm from the
    page's top left)."""

    text: str
    left: float
    top: float
    right: float
    bottom: float


def pdf_words(data: bytes) -> list[list[Word]]:
    """Each page's runs of text (``pdftotext -bbox``): a CJK line without
    spaces is one run."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode()
    pages = []
    for page in re.findall(r"<page .*?</page>", xhtml, flags=re.S):
        pages.append(
            [
                Word(html.unescape(text), *(float(v) / MM for v in box))
                for *box, text in WORD.findall(page)
            ]
        )
    return pages


def pdf_fonts(data: bytes) -> str:
    return subprocess.run(
        ["pdffonts", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def long_body(position: int) -> str:
    """One to five paragraphs, so that articles run across pages and, laid out
    without care, leave headlines at the foot of pages."""
    return "\n\n".join(
        f"第{paragraph}段{position}：各级工会组织深入基层，倾听职工呼声，"
        "切实维护职工合法权益，推动各项工作落到实处。" * 2
        for paragraph in range(1, (position * 2) % 5 + 2)
    )


def twenty_articles(**fields) -> Issue:
    """A published issue of twenty articles: fifteen with headlines in three
    sections, five 简讯, a cumulative number and a print run."""
    fields.setdefault("year", 2012)
    fields.setdefault("number", 8)
    issue = make_issue(
        status=Issue.Status.DRAFT,
        sections=(*HEADLINE_SECTIONS, BRIEFS),
        articles_per_section=5,
        cumulative_number=123,
        print_run=300,
        issue_date=date(fields["year"], 4, 25),
        **fields,
    )
    for article in Article.objects.filter(section__issue=issue):
        if article.section.name == BRIEFS:
            article.kind = Article.Kind.BRIEF
            article.body = f"{article.title}：市总工会开展送温暖活动。"
        else:
            article.body = long_body(article.position)
        article.save()
    return take_to(issue, Issue.Status.PUBLISHED)


def headlines(issue: Issue) -> list[str]:
    return list(
        Article.objects.filter(section__issue=issue, kind=Article.Kind.ARTICLE)
        .order_by("section__position", "position")
        .values_list("title", flat=True)
    )


@pytest.fixture
def long_issue(db):
    return twenty_articles()
