"""An issue's history has one store, its audit entries: the issue's page and its
admin history list the same steps, each once, newest first, with people's names,
in Chinese, and neither reads Django's admin log or the saved versions."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Revision

from editorial.archive import records as archive
from editorial.content.models import Article, ArticleSource, Issue, SourceOrganization
from editorial.workflow import audit, errata
from editorial.workflow import transitions as workflow
from tests.factories import make_user
from tests.workflow.conftest import in_state
from tests.workflow.helpers import admin_form_data

pytestmark = pytest.mark.django_db

# Newest first, as both views list them.
THE_WHOLE_STORY = ["添加更正", "发布", "签发", "提交审核", "退回修改", "提交审核", "修改", "新建"]


@pytest.fixture
def editor_with_a_name(roles):
    return make_user("zhang", staff=True, groups=["编辑"], last_name="张", first_name="明")


def compose(issue):
    """One section with one credited article: what the office writes."""
    organization = SourceOrganization.objects.create(name="市总工会宣教部")
    section = issue.sections.create(name="工作动态", position=1)
    article = Article.objects.create(
        section=section,
        position=1,
        title="工作动态文章",
        body="第一段。",
        source_text="市总工会宣教部",
    )
    ArticleSource.objects.create(article=article, organization=organization, position=1)


@pytest.fixture
def told_issue(client, editor_with_a_name, chief):
    """An issue created, edited in the admin, submitted, returned, submitted again,
    signed, published and corrected."""
    client.force_login(editor_with_a_name)
    client.post(
        reverse("admin:editorial_issue_add"),
        admin_form_data(client.get(reverse("admin:editorial_issue_add"))),
    )
    issue = Issue.objects.get()
    compose(issue)
    url = reverse("admin:editorial_issue_change", args=[issue.pk])
    data = admin_form_data(client.get(url))
    data["title"] = "工会工作简报（改）"
    client.post(url, data)
    workflow.submit(issue, editor_with_a_name)
    workflow.return_to_draft(issue, chief, comment="请补充来源")
    workflow.submit(issue, editor_with_a_name)
    workflow.approve(issue, chief)
    workflow.publish(issue, chief)
    errata.attach(Article.objects.get(section__issue=issue), wrong="甲", right="乙", user=chief)
    return Issue.objects.get(pk=issue.pk)


def actions_listed(page: str) -> list[str]:
    start = page.index('id="workflow-history"')
    table = page[start : page.index("</table>", start)]
    return re.findall(r'class="ed-history-action">([^<]*)<', table)


def the_issue_page(client, issue) -> str:
    return client.get(reverse("admin:editorial_issue_change", args=[issue.pk])).content.decode()


def the_admin_history(client, issue) -> str:
    return client.get(reverse("admin:editorial_issue_history", args=[issue.pk])).content.decode()


def test_the_issue_page_lists_every_step_once_newest_first(client, chief, told_issue):
    client.force_login(chief)

    assert actions_listed(the_issue_page(client, told_issue)) == THE_WHOLE_STORY


def test_the_admin_history_lists_every_step_once_newest_first(client, chief, told_issue):
    client.force_login(chief)

    assert actions_listed(the_admin_history(client, told_issue)) == THE_WHOLE_STORY


def test_the_admin_history_names_the_people(client, chief, told_issue):
    client.force_login(chief)

    page = the_admin_history(client, told_issue)

    assert "张明" in page and "王建国" in page


def test_the_admin_history_opens_the_comparison_of_the_two_latest_saves_that_differ(
    client, chief, told_issue
):
    client.force_login(chief)
    page = the_admin_history(client, told_issue)
    link = re.search(r'href="([^"]+)" id="compare-latest"', page)
    assert link is not None, "no link to compare the saved versions"

    comparison = client.get(link.group(1).replace("&amp;", "&")).content.decode()

    assert "工会工作简报（改）" in comparison


def test_the_admin_history_says_which_fields_an_edit_changed(client, chief, told_issue):
    client.force_login(chief)

    assert "已修改 报头名称" in the_admin_history(client, told_issue)


def test_an_article_edited_in_the_admin_is_in_its_issues_history(client, chief, told_issue):
    article = Article.objects.get(section__issue=told_issue)
    client.force_login(make_user("admin", superuser=True))
    url = reverse("admin:editorial_article_change", args=[article.pk])
    client.post(url, {**admin_form_data(client.get(url)), "subtitle": "副标题"})

    assert actions_listed(the_admin_history(client, told_issue))[0] == "修改"


def test_the_views_do_not_read_the_admin_log_or_the_versions(client, chief, told_issue):
    client.force_login(chief)
    before = (the_issue_page(client, told_issue), the_admin_history(client, told_issue))

    LogEntry.objects.all().delete()
    Revision.objects.all().delete()

    after = (the_issue_page(client, told_issue), the_admin_history(client, told_issue))
    assert [actions_listed(page) for page in after] == [actions_listed(p) for p in before]


@pytest.mark.django_db(transaction=True)
def test_a_restored_archive_keeps_the_workflow_steps_in_the_history(tmp_path, roles, chief):
    issue = in_state(Issue.Status.PUBLISHED)
    steps = [entry.label for entry in audit.issue_history(issue)]
    archive.export_archive(tmp_path)
    call_command("flush", "--noinput", verbosity=0)
    ContentType.objects.clear_cache()

    archive.import_archive(tmp_path)

    restored = Issue.objects.get(year=issue.year, number=issue.number)
    assert [entry.label for entry in audit.issue_history(restored)] == steps
