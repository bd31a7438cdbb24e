"""Each issue can be exported as a legacy plain-text file that the legacy importer
reads back to the same structure — tested on the two real sample issues."""

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from editorial.archive import legacy_text as legacy
from editorial.archive import records as archive
from editorial.content.models import Issue
from editorial.legacy.importer import sha256_of
from editorial.legacy.parser import parse
from tests.factories import default_bulletin

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
CARRIED = ("kind", "title", "subtitle", "byline", "body", "sources", "source_text", "credit")


def structure(parsed) -> dict:
    """What a legacy file says about an issue, as the parser reads it."""
    return {
        "sections": [
            {"name": s.name, "articles": [asdict(a) for a in s.articles]} for s in parsed.sections
        ],
        "distribution": parsed.distribution,
    }


def carried_by_legacy_text(record: dict) -> dict:
    """The part of an archived issue that a legacy file holds."""
    return {
        "year": record["year"],
        "number": record["number"],
        "issue_date": record["issue_date"],
        "distribution": record["distribution"],
        "sections": [
            {
                "name": section["name"],
                "articles": [{k: a[k] for k in CARRIED} for a in section["articles"]],
            }
            for section in record["sections"]
        ],
    }


@pytest.fixture
def sample_issues(db):
    default_bulletin()  # the one bulletin the files go to (put back after a flush)
    call_command("import_legacy", str(SEEDS), verbosity=0)
    issues = list(archive.issues_for_export())
    assert len(issues) == 2
    return issues


def seed_file(issue: Issue) -> Path:
    return next(p for p in SEEDS.glob("*.txt") if sha256_of(p.read_bytes()) == issue.legacy_sha256)


def test_exported_sample_issue_parses_back_to_the_structure_of_its_original_file(sample_issues):
    for issue in sample_issues:
        exported = legacy.legacy_text(issue).encode("utf-8")

        reparsed = parse(exported, filename=legacy.legacy_filename(issue))

        assert structure(reparsed) == structure(parse(seed_file(issue).read_bytes()))


def test_exported_file_name_carries_the_issue_date_year_and_number(sample_issues):
    for issue in sample_issues:
        reparsed = parse(
            legacy.legacy_text(issue).encode("utf-8"), filename=legacy.legacy_filename(issue)
        )

        assert (reparsed.year, reparsed.number, reparsed.date) == (
            issue.year,
            issue.number,
            issue.issue_date,
        )


@pytest.mark.django_db(transaction=True)
def test_exported_files_import_back_to_the_same_issues(sample_issues, tmp_path):
    before = archive.issues_for_export()
    originals = [carried_by_legacy_text(archive.issue_record(i)) for i in before]
    call_command("export_legacy", str(tmp_path / "legacy"), verbosity=0)
    call_command("flush", "--noinput", verbosity=0)  # a new database
    ContentType.objects.clear_cache()
    default_bulletin()  # as migrate makes it

    call_command("import_legacy", str(tmp_path / "legacy"), verbosity=0)

    again = [carried_by_legacy_text(archive.issue_record(i)) for i in archive.issues_for_export()]
    assert json.dumps(again, ensure_ascii=False) == json.dumps(originals, ensure_ascii=False)


def test_exported_file_is_plain_utf8_text_with_sections_footer_and_contents(sample_issues):
    text = legacy.legacy_text(sample_issues[-1])

    assert "【工作动态】" in text
    assert "\n本期印发：" in text
    assert "\n本期要目\n" in text
