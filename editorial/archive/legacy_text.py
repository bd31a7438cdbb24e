"""Writing issues back out as legacy text files (the format the importer reads)."""

from __future__ import annotations

from pathlib import Path

from editorial.archive.records import write_atomically
from editorial.content import records
from editorial.content.models import Article, Issue
from editorial.legacy.parser import SENTENCE_END

# --- Legacy text ---------------------------------------------------------------------------


def legacy_filename(issue: Issue) -> str:
    """A name the legacy importer reads the issue's date, year and number from
    (a supplement's says 增刊: import it with ``import_legacy --series supplement``)."""
    number = f"增刊第{issue.number}期" if issue.is_supplement else f"第{issue.number}期"
    if issue.issue_date:
        return f"{issue.issue_date:%Y-%m-%d}_{number}.txt"
    return f"{issue.year}年{number}.txt"


def _attribution(article: Article) -> str:
    if article.source_text:
        return article.source_text
    names = [organization.name for organization in article.ordered_sources]
    return "、".join(names) or article.credit


def _fits_contents(title: str) -> bool:
    """A 本期要目 line may not end a sentence or look like a source (the parser's rule)."""
    return bool(title) and not title.endswith(tuple(SENTENCE_END + "）)"))


def legacy_text(issue: Issue) -> str:
    """The issue as a legacy plain-text file (shared/docs/legacy-format.md).

    Written so that ``editorial.legacy.parser.parse`` reads it back to the same
    sections, articles and distribution list: one line per headline, subtitle,
    byline and paragraph, the source in （） after the last paragraph (after a
    run of spaces, which the format allows whatever the paragraph ends with),
    简讯 items as ● paragraphs, the 本期印发 footer, then a 本期要目 table of
    contents naming every article — it keeps a title and a subtitle apart, and is
    where a 简讯 item's headline is written down. The masthead (title, publisher)
    is not part of the format; the file name carries the date, year and number.
    The issue must come with its sections, articles and distribution prefetched
    or not — both work.
    """
    lines: list[str] = []
    contents: list[str] = ["本期要目"]
    for section in issue.sections.all():
        if section.name:
            lines.append(f"【{section.name}】")
            contents.append(f"【{section.name}】")
        for article in section.articles.all():
            paragraphs = article.paragraphs or [""]
            if article.kind == Article.Kind.BRIEF:
                paragraphs = ["●" + paragraphs[0], *paragraphs[1:]]
            else:
                lines += [
                    line for line in (article.title, article.subtitle, article.byline) if line
                ]
            attribution = _attribution(article)
            if attribution:
                paragraphs[-1] = f"{paragraphs[-1]}    （{attribution}）"
            lines += paragraphs
            lines.append("")
            if _fits_contents(article.title):
                contents.append(f"●{article.title}")
    recipients = [entry.recipient.name for entry in issue.distribution.all()]
    lines.append("本期印发：" + "、".join(recipients))
    lines.append("")
    return "\n".join([*lines, *contents]) + "\n"


def export_legacy(directory: Path | str, issues=None) -> list[Path]:
    """Write each issue (default: all) as a legacy text file into ``directory``;
    issues of several bulletins each into a folder named by its bulletin's address
    (their numbers repeat)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    issues = list(issues if issues is not None else records.issues_with_contents())
    several = len({issue.bulletin_id for issue in issues}) > 1
    written = []
    for issue in issues:
        folder = directory / issue.bulletin.slug if several else directory
        folder.mkdir(exist_ok=True)
        path = folder / legacy_filename(issue)
        write_atomically(path, legacy_text(issue))
        written.append(path)
    return written
