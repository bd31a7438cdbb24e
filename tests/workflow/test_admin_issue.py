"""The issue's page in the admin: what each role can see and do there, checked on the server."""

from datetime import date

import pytest
from django.conf import settings
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from editorial.content.models import Article, Issue
from editorial.workflow.models import IssueTransition
from tests.factories import make_issue
from tests.workflow.conftest import draft, in_state
from tests.workflow.helpers import admin_form_data, shown_messages

pytestmark = pytest.mark.django_db


def change_url(issue):
    return reverse("admin:editorial_issue_change", args=[issue.pk])


def transition(client, issue, step, **data):
    return client.post(
        reverse("admin:editorial_issue_transition", args=[issue.pk]),
        {"transition": step, **data},
        follow=True,
    )


class TestTheIssuePage:
    def test_it_lists_sections_and_their_articles_in_order(self, client, editor):
        issue = draft(sections=("工作动态", "简讯"), articles_per_section=2)
        client.force_login(editor)
        page = client.get(change_url(issue)).content.decode()
        order = [
            "【工作动态】",
            "工作动态文章1",
            "工作动态文章2",
            "【简讯】",
            "简讯文章1",
            "简讯文章2",
        ]
        positions = [page.index(text, page.index('id="issue-contents"')) for text in order]
        assert positions == sorted(positions)

    def test_it_offers_adding_an_article_to_each_section(self, client, editor):
        issue = draft(sections=("工作动态", "简讯"))
        client.force_login(editor)
        page = client.get(change_url(issue)).content.decode()
        for section in issue.sections.all():
            assert f"/admin/editorial/article/add/?section={section.pk}" in page

    def test_it_links_the_preview_to_the_public_page(self, client, editor):
        issue = draft()
        client.force_login(editor)
        page = client.get(change_url(issue)).content.decode()
        assert f'href="{issue.get_absolute_url()}" id="preview-link"' in page

    def test_it_lists_what_is_missing_before_submission(self, client, editor):
        issue = draft(distribution=())
        client.force_login(editor)
        response = client.get(change_url(issue))
        assert "本期印发名单为空。" in response.content.decode()

    def test_it_shows_the_workflow_history(self, client, editor, chief):
        issue = in_state(Issue.Status.IN_REVIEW)
        client.force_login(chief)
        transition(client, issue, "return", comment="请补充第二篇的来源")
        page = client.get(change_url(issue)).content.decode()
        history = page[page.index('id="workflow-history"') :]
        assert "请补充第二篇的来源" in history
        assert "王建国" in history  # by name, not the login "chief"


class TestWorkflowButtons:
    def test_a_chief_editor_signs_off_from_the_page(self, client, chief):
        issue = in_state(Issue.Status.IN_REVIEW)
        client.force_login(chief)
        response = transition(client, issue, "approve")
        assert response.status_code == 200
        issue.refresh_from_db()
        assert (issue.status, issue.approved_by) == (Issue.Status.APPROVED, chief)

    def test_an_editor_pressing_sign_off_gets_a_message_not_an_error_page(self, client, editor):
        issue = in_state(Issue.Status.IN_REVIEW)
        client.force_login(editor)
        response = transition(client, issue, "approve")
        assert response.status_code == 200
        assert shown_messages(response) == ["您没有权限执行“签发”。"]
        assert Issue.objects.get(pk=issue.pk).status == Issue.Status.IN_REVIEW

    def test_an_impossible_step_gets_a_clear_message(self, client, chief):
        issue = draft()
        client.force_login(chief)
        response = transition(client, issue, "publish")
        assert response.status_code == 200
        assert shown_messages(response) == ["无法“发布”：本期当前状态为“草稿”。"]

    def test_submitting_an_incomplete_issue_lists_the_problems(self, client, editor):
        issue = draft(distribution=())
        client.force_login(editor)
        response = transition(client, issue, "submit")
        assert "本期印发名单为空。" in shown_messages(response)
        assert Issue.objects.get(pk=issue.pk).status == Issue.Status.DRAFT

    def test_publishing_at_a_set_time_schedules_the_issue(self, client, chief):
        issue = in_state(Issue.Status.APPROVED)
        client.force_login(chief)
        transition(client, issue, "publish", publish_at="2099-01-05T09:30")
        issue.refresh_from_db()
        assert issue.is_scheduled
        assert timezone.localtime(issue.publish_at).strftime("%Y-%m-%d %H:%M") == "2099-01-05 09:30"

    def test_an_anonymous_request_is_sent_to_sign_in(self, client):
        issue = in_state(Issue.Status.IN_REVIEW)
        response = client.post(
            reverse("admin:editorial_issue_transition", args=[issue.pk]), {"transition": "approve"}
        )
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
        assert Issue.objects.get(pk=issue.pk).status == Issue.Status.IN_REVIEW

    def test_staff_without_a_role_is_refused(self, client, staff):
        issue = in_state(Issue.Status.IN_REVIEW)
        client.force_login(staff)
        response = transition(client, issue, "approve")
        assert response.status_code == 403
        assert Issue.objects.get(pk=issue.pk).status == Issue.Status.IN_REVIEW


class TestEditingBySate:
    def test_an_editor_sees_a_submitted_issue_read_only(self, client, editor):
        issue = in_state(Issue.Status.IN_REVIEW)
        client.force_login(editor)
        page = client.get(change_url(issue)).content.decode()
        assert 'name="_save"' not in page
        assert 'id="contents-form"' not in page

    def test_an_editor_cannot_save_a_submitted_issue_by_posting(self, client, editor):
        issue = in_state(Issue.Status.IN_REVIEW)
        client.force_login(editor)
        response = client.post(change_url(issue), {"title": "改过的刊名"})
        assert response.status_code == 403
        assert Issue.objects.get(pk=issue.pk).title != "改过的刊名"

    def test_an_editor_saves_a_draft(self, client, editor):
        issue = draft()
        client.force_login(editor)
        data = admin_form_data(client.get(change_url(issue)))
        data["print_run"] = "300"
        response = client.post(change_url(issue), data)
        assert response.status_code == 302
        assert Issue.objects.get(pk=issue.pk).print_run == 300

    def test_a_chief_editor_corrects_a_published_issue(self, client, chief):
        issue = in_state(Issue.Status.PUBLISHED)
        client.force_login(chief)
        data = admin_form_data(client.get(change_url(issue)))
        data["print_run"] = "450"
        assert client.post(change_url(issue), data).status_code == 302
        issue.refresh_from_db()
        assert (issue.print_run, issue.status) == (450, Issue.Status.PUBLISHED)

    def test_the_status_cannot_be_set_through_the_form(self, client, editor):
        issue = draft()
        client.force_login(editor)
        data = admin_form_data(client.get(change_url(issue)))
        data["status"] = Issue.Status.PUBLISHED
        client.post(change_url(issue), data)
        assert Issue.objects.get(pk=issue.pk).status == Issue.Status.DRAFT

    def test_an_editor_cannot_change_an_article_of_a_submitted_issue(self, client, editor):
        issue = in_state(Issue.Status.IN_REVIEW)
        article = Article.objects.get(section__issue=issue)
        client.force_login(editor)
        url = reverse("admin:editorial_article_change", args=[article.pk])
        response = client.post(url, {"title": "偷改", "loaded_version": article.version})
        assert response.status_code == 403
        assert Article.objects.get(pk=article.pk).title != "偷改"

    def test_an_editor_cannot_add_an_article_to_a_submitted_issue(self, client, editor):
        issue = in_state(Issue.Status.IN_REVIEW)
        section = issue.sections.get()
        client.force_login(editor)
        url = reverse("admin:editorial_article_add") + f"?section={section.pk}"
        response = client.post(url, article_post(section))
        assert response.status_code == 200
        assert "只有签发人" in response.content.decode()
        assert section.articles.count() == 1


def article_post(section, **fields):
    return {
        "section": section.pk,
        "kind": "article",
        "title": "新文章",
        "subtitle": "",
        "byline": "",
        "body": "第一段。\n\n第二段。",
        "source_text": "",
        "credit": "",
        "tags": "",
        "sources_written": "",
        "loaded_version": "",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        **fields,
    }


class TestAddingAnArticle:
    def test_the_section_link_prefills_the_section(self, client, editor):
        issue = draft(sections=("工作动态", "简讯"))
        section = issue.sections.get(name="简讯")
        client.force_login(editor)
        response = client.get(reverse("admin:editorial_article_add") + f"?section={section.pk}")
        form = response.context["adminform"].form
        assert str(form["section"].value()) == str(section.pk)
        assert form["kind"].value() == Article.Kind.BRIEF

    def test_a_malformed_section_parameter_is_ignored(self, client, editor):
        client.force_login(editor)
        response = client.get(reverse("admin:editorial_article_add") + "?section=abc")
        assert response.status_code == 200

    def test_a_new_article_goes_to_the_end_of_its_section_and_back_to_the_issue(
        self, client, editor
    ):
        issue = draft()
        section = issue.sections.get()
        client.force_login(editor)
        url = reverse("admin:editorial_article_add") + f"?section={section.pk}"
        response = client.post(url, article_post(section))
        article = section.articles.get(title="新文章")
        assert article.position == 2
        assert response["Location"] == change_url(issue) + f"#article-row-{article.pk}"

    def test_new_sources_are_resolved_or_created_in_order(self, client, editor):
        issue = draft()
        section = issue.sections.get()
        client.force_login(editor)
        url = reverse("admin:editorial_article_add") + f"?section={section.pk}"
        client.post(url, article_post(section, sources_written="市总工会宣教部、常熟市总工会"))
        article = section.articles.get(title="新文章")
        assert [org.name for org in article.ordered_sources] == ["市总工会宣教部", "常熟市总工会"]
        assert article.source_text == "市总工会宣教部、常熟市总工会"  # as typed


class TestDeletingIssues:
    def test_the_delete_page_of_a_published_issue_refuses(self, client, chief):
        issue = in_state(Issue.Status.PUBLISHED)
        client.force_login(chief)
        response = client.post(
            reverse("admin:editorial_issue_delete", args=[issue.pk]), {"post": "yes"}, follow=True
        )
        assert "已发布的简报不能删除，请先撤回。" in shown_messages(response)
        assert Issue.objects.filter(pk=issue.pk).exists()

    def test_the_delete_action_refuses_when_a_published_issue_is_selected(self, client, chief):
        published = in_state(Issue.Status.PUBLISHED)
        other = in_state(Issue.Status.DRAFT, number=6)
        client.force_login(chief)
        response = client.post(
            reverse("admin:editorial_issue_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [published.pk, other.pk],
                "post": "yes",
            },
            follow=True,
        )
        assert any("已发布的简报不能删除" in m for m in shown_messages(response))
        assert Issue.objects.filter(pk__in=[published.pk, other.pk]).count() == 2

    def test_the_model_refuses_to_delete_a_published_issue(self):
        issue = in_state(Issue.Status.PUBLISHED)
        with pytest.raises(ProtectedError):
            issue.delete()
        assert Issue.objects.filter(pk=issue.pk).exists()

    def test_a_chief_editor_deletes_a_draft(self, client, chief):
        issue = draft()
        client.force_login(chief)
        client.post(reverse("admin:editorial_issue_delete", args=[issue.pk]), {"post": "yes"})
        assert not Issue.objects.filter(pk=issue.pk).exists()

    def test_an_editor_cannot_delete_issues(self, client, editor):
        issue = draft()
        client.force_login(editor)
        response = client.post(
            reverse("admin:editorial_issue_delete", args=[issue.pk]), {"post": "yes"}
        )
        assert response.status_code == 403
        assert Issue.objects.filter(pk=issue.pk).exists()


class TestNewIssueFromThePreviousOne:
    def press(self, client):
        return client.post(reverse("admin:editorial_issue_new_from_previous"), follow=True)

    def test_it_continues_the_numbering_and_copies_sections_and_recipients(self, client, editor):
        previous = make_issue(
            year=timezone.localdate().year,
            number=7,
            cumulative_number=120,
            sections=("工作动态", "基层风采", "简讯"),
            articles_per_section=2,
            distribution=("全总办公厅", "省总工会", "各直属单位工会"),
        )
        client.force_login(editor)
        response = self.press(client)
        issue = Issue.objects.exclude(pk=previous.pk).get()
        assert response.redirect_chain[-1][0] == change_url(issue)
        assert (issue.year, issue.number, issue.cumulative_number) == (
            timezone.localdate().year,
            8,
            121,
        )
        assert issue.issue_date == timezone.localdate()
        assert issue.status == Issue.Status.DRAFT
        assert list(issue.sections.order_by("position").values_list("name", flat=True)) == [
            "工作动态",
            "基层风采",
            "简讯",
        ]
        assert not Article.objects.filter(section__issue=issue).exists()
        assert list(
            issue.distribution.order_by("position").values_list("recipient__name", flat=True)
        ) == ["全总办公厅", "省总工会", "各直属单位工会"]
        assert IssueTransition.objects.get(issue=issue).actor == editor

    def test_a_new_year_starts_at_number_one(self, client, editor):
        make_issue(year=timezone.localdate().year - 1, number=24)
        client.force_login(editor)
        self.press(client)
        assert Issue.objects.get(year=timezone.localdate().year).number == 1

    def test_without_a_previous_issue_the_usual_recipients_are_used(self, client, editor):
        client.force_login(editor)
        self.press(client)
        issue = Issue.objects.get()
        assert (
            list(issue.distribution.order_by("position").values_list("recipient__name", flat=True))
            == settings.BULLETIN["DEFAULT_DISTRIBUTION"]
        )

    def test_staff_without_a_role_cannot_start_an_issue(self, client, staff):
        client.force_login(staff)
        response = client.post(reverse("admin:editorial_issue_new_from_previous"))
        assert response.status_code == 403
        assert not Issue.objects.exists()


class TestTheAddForm:
    def test_a_new_issue_is_offered_the_next_number_and_the_usual_recipients(self, client, editor):
        make_issue(year=date.today().year, number=3)
        client.force_login(editor)
        response = client.get(reverse("admin:editorial_issue_add"))
        assert response.context["adminform"].form["number"].value() == 4
        distribution = next(
            i.formset
            for i in response.context["inline_admin_formsets"]
            if i.formset.prefix == "distribution"
        )
        assert len(distribution.forms) == len(settings.BULLETIN["DEFAULT_DISTRIBUTION"])

    def test_saving_the_add_form_keeps_the_offered_recipients_in_order(self, client, editor):
        client.force_login(editor)
        data = admin_form_data(client.get(reverse("admin:editorial_issue_add")))
        response = client.post(reverse("admin:editorial_issue_add"), data)
        assert response.status_code == 302
        issue = Issue.objects.get()
        assert (
            list(issue.distribution.order_by("position").values_list("recipient__name", flat=True))
            == settings.BULLETIN["DEFAULT_DISTRIBUTION"]
        )
        assert issue.transitions.get().to_status == Issue.Status.DRAFT


class TestOrdering:
    def move(self, client, issue, value):
        return client.post(
            reverse("admin:editorial_issue_move", args=[issue.pk]), {"move": value}, follow=True
        )

    def titles(self, section):
        return list(section.articles.order_by("position").values_list("title", flat=True))

    def test_moving_an_article_up_swaps_it_with_the_one_above(self, client, editor):
        issue = draft(articles_per_section=3)
        section = issue.sections.get()
        third = section.articles.get(position=3)
        client.force_login(editor)
        self.move(client, issue, f"article:{third.pk}:up")
        assert self.titles(section) == ["工作动态文章1", "工作动态文章3", "工作动态文章2"]

    def test_moving_a_section_down(self, client, editor):
        issue = draft(sections=("工作动态", "基层风采", "简讯"))
        first = issue.sections.get(name="工作动态")
        client.force_login(editor)
        self.move(client, issue, f"section:{first.pk}:down")
        names = list(issue.sections.order_by("position").values_list("name", flat=True))
        assert names == ["基层风采", "工作动态", "简讯"]

    def test_the_first_article_stays_first_when_moved_up(self, client, editor):
        issue = draft(articles_per_section=2)
        section = issue.sections.get()
        client.force_login(editor)
        self.move(client, issue, f"article:{section.articles.get(position=1).pk}:up")
        assert self.titles(section) == ["工作动态文章1", "工作动态文章2"]

    def test_an_editor_cannot_reorder_a_submitted_issue(self, client, editor):
        issue = in_state(Issue.Status.IN_REVIEW, articles_per_section=2)
        section = issue.sections.get()
        client.force_login(editor)
        response = self.move(client, issue, f"article:{section.articles.get(position=2).pk}:up")
        assert any("只有签发人" in m for m in shown_messages(response))
        assert self.titles(section) == ["工作动态文章1", "工作动态文章2"]

    def test_an_article_of_another_issue_cannot_be_moved_through_this_one(self, client, editor):
        issue = draft()
        other = draft(number=9, articles_per_section=2)
        article = other.sections.get().articles.get(position=2)
        client.force_login(editor)
        response = self.move(client, issue, f"article:{article.pk}:up")
        assert response.status_code == 404

    def test_recipients_are_reordered_by_their_order_numbers(self, client, editor):
        issue = draft(distribution=("甲单位", "乙单位", "丙单位"))
        client.force_login(editor)
        data = admin_form_data(client.get(change_url(issue)))
        # Put 丙 first: order numbers 2, 3, 1.
        for index, order in enumerate(["2", "3", "1"]):
            data[f"distribution-{index}-order"] = order
        assert client.post(change_url(issue), data).status_code == 302
        names = list(
            issue.distribution.order_by("position").values_list("recipient__name", flat=True)
        )
        assert names == ["丙单位", "甲单位", "乙单位"]

    def test_a_section_that_holds_articles_is_not_deleted_by_a_tick(self, client, editor):
        issue = draft(sections=("工作动态", "简讯"))
        client.force_login(editor)
        data = admin_form_data(client.get(change_url(issue)))
        data["sections-0-DELETE"] = "on"
        response = client.post(change_url(issue), data)
        assert response.status_code == 200
        assert "【工作动态】中还有文章" in response.content.decode()
        assert issue.sections.count() == 2

    def test_an_empty_section_is_deleted(self, client, editor):
        issue = draft(sections=("工作动态", "简讯"))
        Article.objects.filter(section__name="简讯").delete()
        client.force_login(editor)
        data = admin_form_data(client.get(change_url(issue)))
        data["sections-1-DELETE"] = "on"
        assert client.post(change_url(issue), data).status_code == 302
        assert list(issue.sections.values_list("name", flat=True)) == ["工作动态"]


class TestDragAndDrop:
    def reorder(self, client, issue, **data):
        return client.post(reverse("admin:editorial_issue_reorder", args=[issue.pk]), data)

    def test_articles_take_the_order_they_were_dropped_in(self, client, editor):
        issue = draft(articles_per_section=3)
        section = issue.sections.get()
        first, second, third = section.articles.order_by("position")
        client.force_login(editor)
        response = self.reorder(
            client,
            issue,
            kind="article",
            section=section.pk,
            order=f"{third.pk},{first.pk},{second.pk}",
        )
        assert response.json() == {"ok": True}
        assert list(section.articles.order_by("position")) == [third, first, second]

    def test_sections_take_the_order_they_were_dropped_in(self, client, editor):
        issue = draft(sections=("工作动态", "基层风采", "简讯"))
        a, b, c = issue.sections.order_by("position")
        client.force_login(editor)
        self.reorder(client, issue, kind="section", order=f"{c.pk},{a.pk},{b.pk}")
        assert list(issue.sections.order_by("position")) == [c, a, b]

    def test_an_out_of_date_page_is_told_to_reload(self, client, editor):
        issue = draft(articles_per_section=2)
        section = issue.sections.get()
        first = section.articles.get(position=1)
        client.force_login(editor)
        response = self.reorder(
            client, issue, kind="article", section=section.pk, order=f"{first.pk}"
        )
        assert response.status_code == 409
        assert response.json()["error"] == "内容已被他人改动，请刷新页面。"

    def test_an_editor_cannot_reorder_a_submitted_issue_by_dragging(self, client, editor):
        issue = in_state(Issue.Status.IN_REVIEW, sections=("工作动态", "简讯"))
        a, b = issue.sections.order_by("position")
        client.force_login(editor)
        response = self.reorder(client, issue, kind="section", order=f"{b.pk},{a.pk}")
        assert response.status_code == 403
        assert list(issue.sections.order_by("position")) == [a, b]
