"""Who works where, as the admin shows it.

Two offices publish side by side: the first (the installation's own, 苏州's)
and 常熟's, each with its own bulletin. An editor or chief editor sees the
issues of their own office's bulletins, and what is in them, in every list,
filter, export and count of the admin, and nothing of the other's: a page of
the other office's issue answers 404, as a page of no issue does. Superusers
see both, and manage the offices, their bulletins and who works in each.
"""

import pytest
import reversion
from django.contrib.auth.models import Permission
from django.urls import reverse

from editorial.content.models import Article, Issue, ReadReceipt, Recipient
from editorial.offices.models import Bulletin, Membership, Office
from editorial.workflow import errata
from editorial.workflow.models import AuditEntry
from tests.factories import default_bulletin, make_issue, make_user
from tests.signing import in_review
from tests.workflow.helpers import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(roles):
    return make_user("admin", superuser=True)


@pytest.fixture
def changshu(roles):
    office = Office.objects.create(name="常熟市总工会办公室")
    return Bulletin.objects.create(
        office=office,
        name="常熟工会信息",
        slug="changshu",
        publisher="常熟市总工会办公室",
        internal_by_default=True,
        default_distribution="常熟市各镇工会\n常熟市各系统工会\n",
    )


@pytest.fixture
def ours(roles):
    return make_issue(year=2012, number=1, title="本刊的一期")


@pytest.fixture
def theirs(changshu):
    return make_issue(year=2007, number=51, title="常熟的一期", bulletin=changshu)


def changelist_issues(client, url_name="admin:editorial_issue_changelist", **query) -> list:
    response = client.get(reverse(url_name), query)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


# --- Lists, filters, exports ------------------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "chief"])
def test_an_editor_lists_only_their_own_offices_issues(client, request, role, ours, theirs):
    client.force_login(request.getfixturevalue(role))

    assert changelist_issues(client) == [ours]


def test_a_superuser_lists_every_offices_issues_and_filters_by_bulletin_and_office(
    client, superuser, ours, theirs
):
    client.force_login(superuser)

    assert set(changelist_issues(client)) == {ours, theirs}
    assert changelist_issues(client, bulletin__id__exact=theirs.bulletin_id) == [theirs]
    assert changelist_issues(client, bulletin__office__id__exact=theirs.bulletin.office_id) == [
        theirs
    ]


def test_the_year_filter_offers_only_the_years_of_the_editors_own_issues(
    client, editor, ours, theirs
):
    client.force_login(editor)

    response = client.get(reverse("admin:editorial_article_changelist"))

    years = {
        choice["display"]
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "parameter_name", None) == "year"
        for choice in spec.choices(response.context["cl"])
    }
    assert "2012" in years
    assert "2007" not in years


def test_articles_audit_entries_and_workflow_steps_are_listed_for_the_editors_office_only(
    client, chief, ours, theirs
):
    # The audit log is no role's: a chief editor given it sees their office's entries.
    chief.user_permissions.add(Permission.objects.get(codename="view_auditentry"))
    client.force_login(chief)

    articles = changelist_issues(client, "admin:editorial_article_changelist")
    entries = changelist_issues(client, "admin:editorial_auditentry_changelist")
    steps = changelist_issues(client, "admin:editorial_issuetransition_changelist")

    assert {article.section.issue_id for article in articles} == {ours.pk}
    assert {entry.issue_id for entry in entries} == {ours.pk}
    assert {step.issue_id for step in steps} == {ours.pk}
    assert AuditEntry.objects.filter(issue=theirs).exists()


def test_corrections_of_another_offices_issue_are_not_listed(client, chief, ours, theirs):
    for issue in (ours, theirs):
        errata.attach(
            issue.sections.get().articles.get(),
            wrong="二〇〇七年",
            right="二〇〇八年",
            user=make_user(f"chief-{issue.pk}", staff=True, superuser=True),
        )
    client.force_login(chief)

    corrections = changelist_issues(client, "admin:editorial_correction_changelist")

    assert [c.article.section.issue_id for c in corrections] == [ours.pk]


def test_read_receipts_of_another_office_are_neither_listed_nor_exported(
    client, chief, ours, theirs
):
    unit = Recipient.objects.get(name="省总工会")
    for issue in (ours, theirs):
        ReadReceipt.objects.create(issue=issue, recipient=unit)
    client.force_login(chief)

    receipts = changelist_issues(client, "admin:editorial_readreceipt_changelist")
    csv = client.get(reverse("admin:editorial_readreceipt_csv", args=[theirs.pk]))
    xlsx = client.get(reverse("admin:editorial_readreceipt_xlsx", args=[theirs.pk]))

    assert [receipt.issue_id for receipt in receipts] == [ours.pk]
    assert csv.status_code == 404
    assert xlsx.status_code == 404
    assert client.get(reverse("admin:editorial_readreceipt_csv", args=[ours.pk])).status_code == 200


def test_a_units_count_of_issues_sent_to_counts_the_editors_office_only(
    client, editor, ours, theirs
):
    client.force_login(editor)

    units = changelist_issues(client, "admin:editorial_recipient_changelist", q="省总工会")

    assert [unit.usage_count for unit in units] == [1]


# --- Another office's pages: 404 ------------------------------------------------------------


ISSUE_PAGES = [
    "admin:editorial_issue_change",
    "admin:editorial_issue_delete",
    "admin:editorial_issue_history",
    "admin:editorial_issue_compare",
    "admin:editorial_issue_compare_versions",
    "admin:editorial_issue_preview_pdf",
    "admin:editorial_issue_transition",
    "admin:editorial_issue_move",
    "admin:editorial_issue_reorder",
    "admin:editorial_issue_remove_empty_sections",
    "admin:editorial_issue_corrections_notice",
]


@pytest.mark.parametrize("page", ISSUE_PAGES)
@pytest.mark.parametrize("role", ["editor", "chief"])
def test_every_page_of_another_offices_issue_answers_404(client, request, role, page, theirs):
    client.force_login(request.getfixturevalue(role))

    url = reverse(page, args=[theirs.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"transition": "withdraw", "comment": "撤回"}).status_code == 404
    assert Issue.objects.get(pk=theirs.pk).status == Issue.Status.PUBLISHED


@pytest.mark.parametrize("model", ["article", "section"])
def test_the_pages_of_another_offices_articles_and_sections_answer_404(
    client, chief, model, theirs
):
    section = theirs.sections.get()
    obj = section if model == "section" else section.articles.get()
    client.force_login(chief)

    for page in ("change", "delete", "history"):
        url = reverse(f"admin:editorial_{model}_{page}", args=[obj.pk])
        assert client.get(url).status_code == 404, page


def test_an_unknown_issue_is_still_django_s_not_found_redirect(client, chief, ours):
    client.force_login(chief)

    response = client.get(reverse("admin:editorial_issue_change", args=[ours.pk + 999]))

    assert response.status_code == 302


def test_a_new_article_cannot_be_put_in_another_offices_section(client, editor, changshu):
    draft = make_issue(bulletin=changshu, status=Issue.Status.DRAFT, number=52, year=2007)
    section = draft.sections.get()
    client.force_login(editor)

    page = client.get(reverse("admin:editorial_article_add") + f"?section={section.pk}")
    response = client.post(
        reverse("admin:editorial_article_add"),
        {
            **admin_form_data(page),
            "section": section.pk,
            "kind": "article",
            "title": "闯入的文章",
            "body": "正文。",
        },
    )

    assert response.status_code == 200
    assert not section.articles.filter(title="闯入的文章").exists()
    assert section.pk not in [
        choice.pk for choice in page.context["adminform"].form.fields["section"].queryset
    ]


# --- A new issue: of a bulletin of the user's offices -------------------------------------------


def test_a_new_issue_of_the_only_bulletin_has_it_hidden_and_takes_its_masthead(client, editor):
    bulletin = default_bulletin()
    client.force_login(editor)

    form = client.get(reverse("admin:editorial_issue_add")).context["adminform"].form

    assert form.fields["bulletin"].widget.is_hidden
    assert list(form.fields["bulletin"].queryset) == [bulletin]
    assert form.initial["bulletin"] == bulletin.pk
    assert form.initial["title"] == bulletin.name
    assert form.initial["publisher"] == bulletin.publisher


def test_an_editor_of_two_offices_chooses_the_bulletin_and_its_usual_list_comes_with_it(
    client, editor, changshu
):
    Membership.objects.create(user=editor, office=changshu.office, role=Membership.Role.EDITOR)
    client.force_login(editor)

    response = client.get(reverse("admin:editorial_issue_add"), {"bulletin": changshu.pk})

    form = response.context["adminform"].form
    assert not form.fields["bulletin"].widget.is_hidden
    assert set(form.fields["bulletin"].queryset) == {default_bulletin(), changshu}
    assert form.initial["title"] == "常熟工会信息"
    assert form.initial["visibility"] == Issue.Visibility.INTERNAL
    distribution = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "distribution"
    )
    names = [Recipient.objects.get(pk=row["recipient"]).name for row in distribution.initial_extra]
    assert names == ["常熟市各镇工会", "常熟市各系统工会"]


def test_an_issue_cannot_be_added_to_another_offices_bulletin(client, editor, changshu):
    client.force_login(editor)
    data = admin_form_data(client.get(reverse("admin:editorial_issue_add")))

    response = client.post(
        reverse("admin:editorial_issue_add"), {**data, "bulletin": changshu.pk, "number": 77}
    )

    assert response.status_code == 200
    assert "bulletin" in response.context["adminform"].form.errors
    assert not Issue.objects.filter(bulletin=changshu).exists()


def test_an_issues_bulletin_is_not_changed_on_its_page(client, chief, ours):
    client.force_login(chief)

    form = (
        client.get(reverse("admin:editorial_issue_change", args=[ours.pk]))
        .context["adminform"]
        .form
    )

    assert "bulletin" not in form.fields


def test_the_admin_header_names_no_single_bulletin(client, editor):
    Bulletin.objects.filter(pk=default_bulletin().pk).update(name="苏州工会信息")
    client.force_login(editor)

    header = str(client.get(reverse("admin:index")).context["site_header"])

    assert "苏州工会信息" not in header
    assert header.endswith("· 编辑部")


# --- Offices, bulletins, memberships: the superusers' ----------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        "admin:editorial_office_changelist",
        "admin:editorial_bulletin_changelist",
        "admin:editorial_membership_changelist",
        "admin:editorial_office_add",
    ],
)
def test_only_superusers_open_offices_bulletins_and_memberships(client, chief, superuser, page):
    client.force_login(chief)
    assert client.get(reverse(page)).status_code == 403

    client.force_login(superuser)
    assert client.get(reverse(page)).status_code == 200


def test_a_superuser_makes_someone_a_chief_editor_of_an_office_on_its_page(
    client, superuser, changshu
):
    person = make_user("newcomer", staff=True, last_name="钱", first_name="进")
    client.force_login(superuser)
    url = reverse("admin:editorial_office_change", args=[changshu.office.pk])
    data = admin_form_data(client.get(url))
    row = int(data["memberships-TOTAL_FORMS"])
    data.update(
        {
            "memberships-TOTAL_FORMS": str(row + 1),
            f"memberships-{row}-user": str(person.pk),
            f"memberships-{row}-role": Membership.Role.CHIEF_EDITOR,
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302
    membership = Membership.objects.get(user=person)
    assert membership.office == changshu.office
    assert person.groups.filter(name="签发人").exists()


def test_the_user_page_shows_the_offices_a_person_works_in(client, superuser, editor):
    client.force_login(superuser)

    response = client.get(reverse("admin:auth_user_change", args=[editor.pk]))

    offices = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Membership
    )
    assert [form.instance.office for form in offices.forms] == [default_bulletin().office]


def test_the_deleted_articles_to_recover_are_the_editors_offices_only(client, chief, ours, theirs):
    for issue in (ours, theirs):
        section = issue.sections.get()
        with reversion.create_revision():
            gone = Article.objects.create(
                section=section, position=9, title="删去的文章", body="正文"
            )
        gone.delete()
    client.force_login(chief)

    response = client.get(reverse("admin:editorial_article_recoverlist"))

    deleted = list(response.context["deleted"])
    assert [version.field_dict["section_id"] for version in deleted] == [ours.sections.get().pk]


def test_the_admin_index_lists_what_waits_in_the_chiefs_own_office_only(client, chief, changshu):
    in_review(number=3)
    make_issue(bulletin=changshu, status=Issue.Status.IN_REVIEW, number=52, year=2007)
    client.force_login(chief)

    response = client.get(reverse("admin:index"))

    assert [issue.bulletin for issue in response.context["waiting"].to_sign_off] == [
        default_bulletin()
    ]


def test_the_list_of_people_says_where_each_works(client, superuser, changshu):
    make_user("changshu-editor", staff=True, groups=["编辑"], office=changshu.office)
    client.force_login(superuser)

    response = client.get(reverse("admin:auth_user_changelist"), {"q": "changshu-editor"})

    assert "常熟市总工会办公室" in response.content.decode()


def test_an_editor_of_two_offices_starts_the_next_issue_of_the_bulletin_chosen(
    client, editor, ours, changshu
):
    Membership.objects.create(user=editor, office=changshu.office, role=Membership.Role.EDITOR)
    client.force_login(editor)

    listed = client.get(reverse("admin:editorial_issue_changelist")).content.decode()
    client.post(reverse("admin:editorial_issue_new_from_previous"), {"bulletin": changshu.pk})

    assert "常熟工会信息" in listed
    started = Issue.objects.get(bulletin=changshu)
    assert (started.title, started.publisher) == ("常熟工会信息", "常熟市总工会办公室")
    assert [entry.recipient.name for entry in started.distribution.order_by("position")] == [
        "常熟市各镇工会",
        "常熟市各系统工会",
    ]


def test_an_editor_cannot_start_an_issue_of_another_offices_bulletin(client, editor, changshu):
    client.force_login(editor)

    client.post(reverse("admin:editorial_issue_new_from_previous"), {"bulletin": changshu.pk})

    assert not Issue.objects.filter(bulletin=changshu).exists()
