"""Errata (更正): a chief editor attaches a correction to an article of a published
issue; it shows on the article and the issue page without changing the signed
version, and the next issue composed announces it in its 更正 notice."""

from datetime import date

import pytest
from django.urls import reverse

from editorial.content.models import Article, Issue
from editorial.workflow import composing, errata
from editorial.workflow import transitions as workflow
from editorial.workflow.models import Correction
from tests.factories import make_issue
from tests.signing import first_article, in_review, signed_and_published, text, visible_text
from tests.workflow.helpers import shown_messages

pytestmark = pytest.mark.django_db


WRONG = "二〇〇七年"
RIGHT = "二〇〇八年"


@pytest.fixture
def issue(chief, committed):
    with committed():
        return signed_and_published(chief, year=2026, number=5)


def correct(article, chief, committed, **fields):
    with committed():
        return errata.attach(
            article, wrong=fields.get("wrong", WRONG), right=fields.get("right", RIGHT), user=chief
        )


class TestWhoCorrects:
    def test_a_chief_editor_attaches_a_correction_in_the_admin(self, client, issue, chief):
        article = first_article(issue)
        client.force_login(chief)

        client.post(
            reverse("admin:editorial_correction_add"),
            {
                "article": article.pk,
                "wrong": WRONG,
                "right": RIGHT,
                "corrected_at_0": "2026-03-09",
                "corrected_at_1": "10:00:00",
            },
        )

        correction = Correction.objects.get()
        assert (correction.article, correction.corrected_by) == (article, chief)

    def test_an_editor_may_not(self, client, issue, editor):
        client.force_login(editor)
        assert client.get(reverse("admin:editorial_correction_add")).status_code == 403
        with pytest.raises(errata.CorrectionRefused):
            errata.attach(first_article(issue), wrong=WRONG, right=RIGHT, user=editor)

    def test_only_an_article_of_a_published_issue_is_corrected(self, client, chief):
        waiting = in_review()
        client.force_login(chief)

        response = client.post(
            reverse("admin:editorial_correction_add"),
            {"article": first_article(waiting).pk, "wrong": WRONG, "right": RIGHT},
        )

        assert "只有已发布简报中的文章才需更正" in text(response)
        assert not Correction.objects.exists()

    def test_the_issue_page_offers_a_chief_editor_to_correct_its_articles(
        self, client, issue, chief
    ):
        client.force_login(chief)
        page = text(client.get(reverse("admin:editorial_issue_change", args=[issue.pk])))
        expected = reverse("admin:editorial_correction_add") + f"?article={first_article(issue).pk}"
        assert expected in page


class TestWhereACorrectionShows:
    def test_on_the_article_page(self, client, issue, chief, committed):
        article = first_article(issue)
        correct(article, chief, committed)

        page = visible_text(client.get(article.get_absolute_url()))

        assert f"更正：文中“{WRONG}”应为“{RIGHT}”。" in page

    def test_on_the_issue_page_beside_its_article(self, client, issue, chief, committed):
        correct(first_article(issue), chief, committed)

        page = visible_text(client.get(issue.get_absolute_url()))

        assert f"更正：文中“{WRONG}”应为“{RIGHT}”。" in page

    def test_a_cached_page_shows_it_at_once(self, client, issue, chief, committed):
        client.get(issue.get_absolute_url())
        client.get(first_article(issue).get_absolute_url())

        correct(first_article(issue), chief, committed)

        assert RIGHT in text(client.get(issue.get_absolute_url()))
        assert RIGHT in text(client.get(first_article(issue).get_absolute_url()))

    def test_removing_it_takes_it_off_the_pages(self, client, issue, chief, committed):
        correction = correct(first_article(issue), chief, committed)
        client.get(issue.get_absolute_url())
        with committed():
            correction.delete()

        assert RIGHT not in text(client.get(issue.get_absolute_url()))

    def test_the_signed_version_is_not_changed(self, issue, chief, committed):
        before = issue.versions.get().content

        correct(first_article(issue), chief, committed)

        assert issue.versions.get().content == before
        assert issue.versions.count() == 1
        assert not Issue.objects.get(pk=issue.pk).unsigned_changes


class TestTheNextIssuesNotice:
    def test_a_new_issue_from_the_previous_one_lists_the_corrections(self, issue, chief, committed):
        correct(first_article(issue), chief, committed)

        new = composing.new_issue_from_previous(chief, today=date(2026, 4, 1))

        notice = Article.objects.get(section__issue=new, section__name="更正")
        assert notice.body == (
            f"本刊2026年第5期《工作动态文章1》一文中，“{WRONG}”应为“{RIGHT}”。\n\n特此更正。"
        )
        assert Correction.objects.get().noticed_in == new

    def test_the_notice_comes_after_the_usual_sections(self, issue, chief, committed):
        correct(first_article(issue), chief, committed)

        new = composing.new_issue_from_previous(chief, today=date(2026, 4, 1))

        assert list(new.sections.order_by("position").values_list("name", flat=True)) == [
            "工作动态",
            "更正",
        ]

    def test_a_correction_is_announced_once(self, issue, chief, committed):
        correct(first_article(issue), chief, committed)
        composing.new_issue_from_previous(chief, today=date(2026, 4, 1))

        newer = composing.new_issue_from_previous(chief, today=date(2026, 4, 15))

        assert not newer.sections.filter(name="更正").exists()

    def test_without_corrections_there_is_no_notice(self, issue, chief):
        new = composing.new_issue_from_previous(chief, today=date(2026, 4, 1))
        assert not new.sections.filter(name="更正").exists()

    def test_a_draft_gets_the_notice_from_its_page(self, client, issue, chief, committed):
        draft = make_issue(
            status=Issue.Status.DRAFT, year=2026, number=6, issue_date=date(2026, 3, 2)
        )
        correct(first_article(issue), chief, committed)
        client.force_login(chief)
        page = text(client.get(reverse("admin:editorial_issue_change", args=[draft.pk])))
        assert 'id="add-corrections-notice"' in page

        response = client.post(
            reverse("admin:editorial_issue_corrections_notice", args=[draft.pk]), follow=True
        )

        assert draft.sections.filter(name="更正").exists()
        assert "已在本期末尾加上更正启事，请核对文字。" in shown_messages(response)

    def test_the_notice_is_signed_off_with_its_issue(self, issue, chief, committed):
        correct(first_article(issue), chief, committed)
        new = composing.new_issue_from_previous(chief, today=date(2026, 4, 1))
        for section in new.sections.exclude(name="更正"):
            Article.objects.create(section=section, position=1, title="新文章", body="正文")
        workflow.submit(new, chief)

        workflow.approve(new, chief)

        names = [s["name"] for s in new.versions.get().content["sections"]]
        assert names == ["工作动态", "更正"]
