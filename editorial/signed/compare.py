"""Comparing two signed versions of an issue, part by part."""

from __future__ import annotations

from django.utils.translation import gettext as _

from editorial.content.models import Article, Issue


def _masthead(content: dict) -> list[tuple[str, str]]:
    series = Issue.Series(content.get("series", Issue.Series.REGULAR)).label
    return [
        (_("series"), str(series)),
        (_("year"), str(content["year"])),
        (_("number"), str(content["number"])),
        (_("cumulative number"), str(content["cumulative_number"] or "")),
        (_("issue date"), content["issue_date"] or ""),
        (_("masthead title"), content["title"]),
        (_("publisher"), content["publisher"]),
        (_("signer as printed"), content.get("printed_signer", "")),
    ]


def _contents(content: dict) -> str:
    lines = []
    for section in content["sections"]:
        lines.append(f"【{section['name']}】")
        lines.extend(f"  {article['title']}" for article in section["articles"])
    return "\n".join(lines)


def _article_lines(record: dict, section: str) -> list[tuple[str, str]]:
    kind = str(Article.Kind(record["kind"]).label)
    return [
        (_("section"), f"【{section}】"),
        (_("kind"), kind),
        (_("title"), record["title"]),
        (_("subtitle"), record["subtitle"]),
        (_("byline"), record["byline"]),
        (_("body"), record["body"]),
        (_("sources"), "、".join(record["sources"])),
        (_("source as written"), record["source_text"]),
        (_("credit"), record["credit"]),
        (_("pictures"), "\n".join(_picture(image) for image in record.get("images", ()))),
    ]


def _picture(image: dict) -> str:
    return f"{image['file']}（{image['caption']}）" if image["caption"] else image["file"]


def _footer(content: dict) -> list[tuple[str, str]]:
    return [
        (_("distribution list"), "、".join(content["distribution"])),
        (_("print run"), str(content["print_run"] or "")),
    ]


class Part:
    """One part of the comparison (masthead, contents, an article, footer) and its rows."""

    def __init__(self, heading: str, rows: list[tuple[str, str, str]], status: str = ""):
        self.heading = heading
        self.status = status  # "", "added" or "removed"
        self.rows = [
            {"label": label, "old": old, "new": new, "changed": old != new}
            for label, old, new in rows
        ]

    @property
    def changed(self) -> bool:
        return bool(self.status) or any(row["changed"] for row in self.rows)


def _pair(old: list[tuple[str, str]], new: list[tuple[str, str]]):
    return [(label, o, n) for (label, o), (_label, n) in zip(old, new, strict=True)]


def compare(old: dict, new: dict) -> list[Part]:
    """The differences between two signed contents, per part of the issue."""
    parts = [
        Part(_("Masthead"), _pair(_masthead(old), _masthead(new))),
        Part(_("Table of contents"), [(_("sections and titles"), _contents(old), _contents(new))]),
    ]
    old_articles = {a["id"]: (a, s["name"]) for s in old["sections"] for a in s["articles"]}
    new_articles = {a["id"]: (a, s["name"]) for s in new["sections"] for a in s["articles"]}
    order = list(new_articles) + [pk for pk in old_articles if pk not in new_articles]
    blank = {name: "" for name in ("title", "subtitle", "byline", "body", "source_text", "credit")}
    blank.update(kind=Article.Kind.ARTICLE, sources=[])
    for pk in order:
        before, after = old_articles.get(pk), new_articles.get(pk)
        status = "added" if before is None else "removed" if after is None else ""
        before = before or (blank, "")
        after = after or (blank, "")
        heading = after[0]["title"] or before[0]["title"]
        rows = _pair(_article_lines(*before), _article_lines(*after))
        parts.append(Part(heading, rows, status))
    parts.append(Part(_("Footer"), _pair(_footer(old), _footer(new))))
    return parts
