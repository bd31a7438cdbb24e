"""``manage.py import_legacy`` on Word files: the cover fills the issue, and the
guarantees of text files hold (one transaction, idempotent, --replace, bad files)."""

import datetime
import json

import pytest

from editorial.content.models import Article, Issue
from tests.factories import make_user
from tests.legacy.test_import_command import run, snapshot
from tests.legacy.test_parser import EXPECTED_2012, SAMPLE_2012
from tests.legacy.test_word import DOC, require, sample_as_word
from tests.legacy.word_files import BODY, Bulletin, cover

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample_docx(tmp_path):
    path = tmp_path / "简报.docx"
    path.write_bytes(sample_as_word(SAMPLE_2012))
    return path


def test_a_word_sample_imports_with_the_cover_pages_number_and_date(sample_docx):
    _, _, error = run(sample_docx)
    assert error is None
    issue = Issue.objects.get()
    assert (issue.year, issue.number, issue.cumulative_number, issue.issue_date) == (
        2012,
        8,
        312,
        datetime.date(2012, 4, 25),
    )
    assert issue.publisher == "苏州市总工会办公室"
    sections = list(issue.sections.order_by("position").values_list("name", flat=True))
    assert sections == [name for name, _ in EXPECTED_2012]
    assert Article.objects.filter(section__issue=issue).count() == sum(
        len(articles) for _, articles in EXPECTED_2012
    )


def test_dry_run_json_reports_what_the_cover_says(tmp_path):
    path = tmp_path / "x.docx"
    path.write_bytes(
        cover(Bulletin())
        .line("签发人：赵某某")
        .lines(
            f"【工作动态】\n区工会召开座谈会\n{BODY}（区总工会）\n本期印发：各基层工会\n共印150份\n"
        )
        .bytes()
    )
    out, _, error = run(path, "--dry-run", "--json")
    assert error is None
    issue = json.loads(out)[0]["issue"]
    assert (issue["number"], issue["date"]) == (8, "2012-04-25")
    assert (issue["cumulative_number"], issue["publisher"]) == (312, "苏州市总工会办公室")
    assert (issue["signer"], issue["print_run"]) == ("赵某某", 150)


def test_options_override_the_cover(sample_docx):
    run(sample_docx, "--number", "9", "--date", "2012-05-02")
    issue = Issue.objects.get()
    assert (issue.number, issue.issue_date) == (9, datetime.date(2012, 5, 2))


def test_a_word_file_imported_twice_is_already_imported(sample_docx):
    run(sample_docx)
    before = snapshot()
    out, _, error = run(sample_docx)
    assert error is None and "already present 1" in out
    assert snapshot() == before


def test_replace_swaps_an_issue_imported_from_word(sample_docx, tmp_path):
    run(sample_docx)
    edited = tmp_path / "edited.docx"
    text = SAMPLE_2012.read_text(encoding="utf-8").replace("张艳", "某某")
    edited.write_bytes(cover(Bulletin()).lines(text).bytes())
    make_user("chief", staff=True, groups=["签发人"])
    out, _, error = run(edited, "--replace", "--user", "chief")
    assert error is None and "replaced 1" in out
    assert "某某" in Article.objects.filter(section__issue=Issue.objects.get()).first().body


def test_a_bad_word_file_leaves_nothing_and_the_batch_goes_on(tmp_path, sample_docx):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(sample_docx.read_bytes()[:2000])
    _, err, error = run(bad, sample_docx)
    assert error is not None
    assert "bad.docx: 导入失败 FAILED:" in err and "damaged Word file" in err
    assert Issue.objects.count() == 1


def test_a_directory_is_searched_for_word_files(tmp_path, sample_docx):
    out, _, _ = run(tmp_path, "--dry-run")
    assert "would import 1" in out


def test_a_supplement_on_the_cover_is_numbered_as_a_supplement(tmp_path):
    path = tmp_path / "zk.docx"
    path.write_bytes(
        Bulletin()
        .masthead("工会工作简报")
        .line("增刊 第1期")
        .line("区总工会办公室  2013年9月30日")
        .lines(f"【工作动态】\n区工会召开座谈会\n{BODY}（区总工会）\n")
        .bytes()
    )
    run(path)
    assert Issue.objects.get().series == Issue.Series.SUPPLEMENT


def test_a_doc_file_imports_through_the_command():
    require("antiword")
    _, _, error = run(DOC)
    assert error is None
    issue = Issue.objects.get()
    assert (issue.year, issue.number, issue.cumulative_number, issue.print_run) == (
        2013,
        3,
        127,
        80,
    )
