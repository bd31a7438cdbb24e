"""A 报头 typed at the top of a text file, as many archives have it, fills the issue's
fields as a Word file's cover page does, and is not imported as an article."""

import datetime

import pytest

from editorial.content.models import Article, Issue
from tests.legacy.test_import_command import run

pytestmark = pytest.mark.django_db

BODY = "区总工会日前召开基层工会主席座谈会，听取各企业工会对下半年工作的意见和建议，并作具体部署。"
MASTHEAD = (
    "工会工作简报\n第12期（总第356期）\n苏州市总工会办公室　　2015年6月18日\n签发人：赵国平\n"
)
CONTENT = f"\n【工作动态】\n区工会召开座谈会\n{BODY}（区总工会）\n本期印发：省总工会\n"


def import_text(tmp_path, text: str, *args, name: str = "typed.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return run(path, *args)


def test_a_typed_masthead_sets_number_cumulative_number_publisher_date_and_signer(tmp_path):
    _, _, error = import_text(tmp_path, MASTHEAD + CONTENT)
    assert error is None
    issue = Issue.objects.get()
    assert (issue.title, issue.year, issue.number, issue.cumulative_number) == (
        "工会工作简报",
        2015,
        12,
        356,
    )
    assert issue.publisher == "苏州市总工会办公室"
    assert issue.issue_date == datetime.date(2015, 6, 18)
    assert issue.printed_signer == "赵国平"


def test_a_typed_masthead_is_not_imported_as_an_article(tmp_path):
    import_text(tmp_path, MASTHEAD + CONTENT)
    assert list(Article.objects.values_list("section__name", "title")) == [
        ("工作动态", "区工会召开座谈会")
    ]


def test_an_internal_mark_makes_the_issue_internal_at_once(tmp_path):
    import_text(tmp_path, "内部资料　注意保存\n" + MASTHEAD + CONTENT)
    issue = Issue.objects.get()
    assert issue.visibility == Issue.Visibility.INTERNAL
    assert issue.status == Issue.Status.PUBLISHED


def test_an_internal_mark_above_the_bulletins_name_leaves_the_name_read(tmp_path):
    import_text(tmp_path, "内部资料\n" + MASTHEAD + CONTENT)
    assert Issue.objects.get().title == "工会工作简报"
    assert list(Article.objects.values_list("title", flat=True)) == ["区工会召开座谈会"]


def test_without_an_internal_mark_the_issue_is_public(tmp_path):
    import_text(tmp_path, MASTHEAD + CONTENT)
    assert Issue.objects.get().visibility == Issue.Visibility.PUBLIC


def test_the_visibility_option_overrides_the_internal_mark(tmp_path):
    import_text(tmp_path, "内部资料\n" + MASTHEAD + CONTENT, "--visibility", "public")
    assert Issue.objects.get().visibility == Issue.Visibility.PUBLIC


def test_a_supplement_masthead_is_imported_as_the_supplement_series(tmp_path):
    masthead = "工会工作简报\n增刊第2期\n苏州市总工会办公室　2015年6月20日\n"
    import_text(tmp_path, masthead + CONTENT)
    issue = Issue.objects.get()
    assert (issue.series, issue.number) == (Issue.Series.SUPPLEMENT, 2)


def test_the_command_says_in_chinese_what_it_read_from_the_masthead(tmp_path):
    _, err, _ = import_text(tmp_path, MASTHEAD + CONTENT, "-v", "2")
    (line,) = [line for line in err.splitlines() if "报头" in line]
    assert "从报头读出" in line
    assert line.index("总第") < line.index("cumulative number")  # Chinese first
    assert "签发人 赵国平" in line


def test_a_dry_run_shows_the_fields_it_would_set_and_writes_nothing(tmp_path):
    _, err, error = import_text(tmp_path, "内部资料\n" + MASTHEAD + CONTENT, "--dry-run")
    assert error is None
    (line,) = [line for line in err.splitlines() if "将设置" in line]
    for shown in ("12", "356", "苏州市总工会办公室", "2015-06-18", "赵国平", "内部"):
        assert shown in line
    assert not Issue.objects.exists()
