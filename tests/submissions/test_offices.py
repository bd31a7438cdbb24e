"""Information work across offices: an officer's item goes to the inbox of the
office their unit reports to, and stays there; each office's editors see,
count and decide only their own inbox's items, units and officers; superusers
see every office's. (Who may open which page: test_permissions.py.)"""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from editorial.content.models import Article
from editorial.submissions import decisions
from editorial.submissions.models import (
    Forwarding,
    HigherPublication,
    InformationOfficer,
    Submission,
    UnitQuota,
)
from tests.factories import default_bulletin, make_user
from tests.submissions.conftest import SECOND_OFFICE_UNIT, UNIT, submit
from tests.submissions.test_decisions import CHANGELIST, act

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_inboxes(officer, second_office_officer):
    """An item in each office's inbox: 常熟市总工会's in the default (city) office's,
    虞山街道总工会's in 常熟's office's."""
    return submit(officer, "市里的来稿"), submit(second_office_officer, "常熟的来稿")


def page(client, user, url) -> str:
    client.force_login(user)
    return client.get(url).content.decode()


def said_not_to_exist(client, url) -> bool:
    """The admin answers as of any row that is not there: to its index, saying so."""
    response = client.get(url, follow=True)
    said = " ".join(str(message) for message in response.context["messages"])
    return response.redirect_chain == [(reverse("admin:index"), 302)] and "不存在" in said


# --- Where an item goes ---------------------------------------------------------


def test_an_officers_item_goes_to_the_office_their_unit_reports_to(two_inboxes, second_office):
    city, county = two_inboxes

    assert city.office == default_bulletin().office
    assert county.office == second_office


def test_the_officer_sees_which_office_their_item_went_to(client, two_inboxes):
    _, county = two_inboxes

    shown = page(client, county.submitted_by, reverse("submissions:detail", args=[county.pk]))

    assert "常熟市总工会办公室" in shown


def test_a_county_federation_is_a_unit_of_the_city_office(officer, second_office):
    """常熟市总工会 has an office of its own, and still submits to the city above it."""
    item = submit(officer, "常熟市总工会向市总报送")

    assert officer.information_officer.unit.name == UNIT
    assert item.office == second_office.parent


def test_an_item_stays_in_its_inbox_when_the_unit_later_reports_elsewhere(officer, second_office):
    item = submit(officer)
    unit = officer.information_officer.unit
    unit.reports_to = second_office
    unit.save()

    item.refresh_from_db()
    assert item.office == default_bulletin().office
    assert submit(officer, "改隶后的来稿").office == second_office


def test_an_officer_whose_unit_reports_to_no_office_is_told_and_keeps_what_they_typed(
    client, officer
):
    unit = officer.information_officer.unit
    unit.reports_to = None
    unit.save()
    client.force_login(officer)

    shown = client.get(reverse("submissions:create")).content.decode()
    response = client.post(
        reverse("submissions:create"),
        {
            "title": "无处可送的来稿",
            "body": "第一段。\n\n第二段。",
            "suggested_kind": "article",
            "contact_phone": "0512-52000000",
        },
    )

    assert "尚未设定报送的编辑部" in shown
    assert response.status_code == 200
    text = response.content.decode()
    assert "没有接收来稿的编辑部" in text
    assert "无处可送的来稿" in text and "第二段。" in text
    assert not Submission.objects.exists()


# --- Each office's inbox ----------------------------------------------------------


def test_each_offices_editor_sees_only_their_own_inbox(
    client, two_inboxes, editor, second_office_editor
):
    city_inbox = page(client, editor, reverse(CHANGELIST))
    county_inbox = page(client, second_office_editor, reverse(CHANGELIST))

    assert "市里的来稿" in city_inbox and "常熟的来稿" not in city_inbox
    assert "常熟的来稿" in county_inbox and "市里的来稿" not in county_inbox


def test_the_unit_filter_names_only_the_offices_own_units(
    client, two_inboxes, second_office_editor
):
    inbox = page(client, second_office_editor, reverse(CHANGELIST) + "?status=all")

    assert SECOND_OFFICE_UNIT in inbox
    assert UNIT not in inbox


def test_a_superuser_sees_every_offices_inbox_and_can_filter_by_office(
    client, two_inboxes, second_office
):
    admin = make_user("root", superuser=True)

    inbox = page(client, admin, reverse(CHANGELIST))
    county = page(client, admin, reverse(CHANGELIST) + f"?office__id__exact={second_office.pk}")

    assert "市里的来稿" in inbox and "常熟的来稿" in inbox
    assert "常熟的来稿" in county and "市里的来稿" not in county


def test_another_offices_item_does_not_exist_for_an_editor(
    client, two_inboxes, second_office_editor
):
    city, _ = two_inboxes
    client.force_login(second_office_editor)

    assert said_not_to_exist(client, reverse("admin:editorial_submission_change", args=[city.pk]))


def test_an_editor_cannot_decide_on_another_offices_item(client, two_inboxes, second_office_editor):
    city, _ = two_inboxes
    client.force_login(second_office_editor)

    act(client, "decline_action", [city], comment="不是本部门的")

    city.refresh_from_db()
    assert city.status == Submission.Status.SUBMITTED


def test_the_write_path_refuses_another_offices_item_saying_why(two_inboxes, second_office_editor):
    city, _ = two_inboxes

    with pytest.raises(PermissionDenied, match="其他编辑部的来稿"):
        decisions.decline(city, second_office_editor, reason="不是本部门的")


def test_the_adoption_form_offers_only_the_items_own_offices_issues(
    client, two_inboxes, editor, draft_issue, second_office_issue, second_office_editor
):
    city, county = two_inboxes

    city_page = page(client, editor, reverse("admin:editorial_submission_change", args=[city.pk]))
    county_page = page(
        client, second_office_editor, reverse("admin:editorial_submission_change", args=[county.pk])
    )

    assert "工作动态" in city_page and "基层动态" not in city_page
    assert "基层动态" in county_page and "工作动态" not in county_page
    assert "市里的来稿" not in county_page  # nor is it offered to merge


def test_an_editor_adopts_their_own_item_into_their_own_bulletin(
    client, two_inboxes, second_office_issue, second_office_editor
):
    _, county = two_inboxes
    client.force_login(second_office_editor)

    act(
        client,
        "adopt_action",
        [county],
        section=second_office_issue.sections.get().pk,
        kind="article",
    )

    county.refresh_from_db()
    assert county.status == Submission.Status.ADOPTED
    assert county.article.section.issue == second_office_issue


def test_an_item_is_not_adopted_into_another_offices_bulletin(two_inboxes, second_office_issue):
    """Not even by a superuser, who may change every issue: the item is in the
    city office's inbox, and counts there."""
    city, _ = two_inboxes
    admin = make_user("root", superuser=True)

    with pytest.raises(ValidationError, match="只能采用到该编辑部的刊物"):
        decisions.adopt(
            [city], section=second_office_issue.sections.get(), kind="article", user=admin
        )

    assert not Article.objects.filter(title="市里的来稿").exists()


def test_an_editor_of_one_office_cannot_adopt_into_anothers_issue(
    client, two_inboxes, editor, second_office_issue
):
    city, _ = two_inboxes
    client.force_login(editor)

    act(
        client,
        "adopt_action",
        [city],
        section=second_office_issue.sections.get().pk,
        kind="article",
    )

    city.refresh_from_db()
    assert city.status == Submission.Status.SUBMITTED


# --- Officers, quotas, forwardings --------------------------------------------------


def test_each_office_lists_only_its_own_units_officers_and_quotas(
    client, two_inboxes, chief, second_office_chief, officer, second_office_officer
):
    for user in (officer, second_office_officer):
        UnitQuota.objects.create(unit=user.information_officer.unit, per_month=2)

    officers = page(
        client, second_office_chief, reverse("admin:editorial_informationofficer_changelist")
    )
    quotas = page(client, second_office_chief, reverse("admin:editorial_unitquota_changelist"))

    assert SECOND_OFFICE_UNIT in officers and UNIT not in officers
    assert SECOND_OFFICE_UNIT in quotas and UNIT not in quotas


def test_another_offices_officer_does_not_exist_for_a_chief_editor(
    client, officer, second_office_chief
):
    client.force_login(second_office_chief)
    record = InformationOfficer.objects.get(user=officer)

    assert said_not_to_exist(
        client, reverse("admin:editorial_informationofficer_change", args=[record.pk])
    )


def test_the_unit_autocomplete_offers_only_the_offices_own_units(
    client, two_inboxes, second_office_chief
):
    client.force_login(second_office_chief)
    field = {"app_label": "editorial", "model_name": "informationofficer", "field_name": "unit"}

    found = client.get(reverse("admin:editorial_units_autocomplete"), {**field, "term": "总工会"})

    names = [result["text"] for result in found.json()["results"]]
    assert names == [SECOND_OFFICE_UNIT]


def test_an_officer_cannot_be_named_for_another_offices_unit(
    client, officer, second_office_chief, roles
):
    client.force_login(second_office_chief)
    newcomer = make_user("newcomer")

    client.post(
        reverse("admin:editorial_informationofficer_add"),
        {
            "user": newcomer.pk,
            "unit": officer.information_officer.unit.pk,
            "since": "2026-01-01",
        },
    )

    assert not InformationOfficer.objects.filter(user=newcomer).exists()


def test_each_office_lists_only_its_own_forwardings(
    client, two_inboxes, editor, draft_issue, second_office_issue, second_office_editor
):
    city, county = two_inboxes
    decisions.adopt([city], section=draft_issue.sections.first(), kind="article", user=editor)
    decisions.adopt(
        [county],
        section=second_office_issue.sections.get(),
        kind="article",
        user=second_office_editor,
    )
    publication = HigherPublication.objects.create(name="省总《工会信息》")
    decisions.forward(Submission.objects.get(pk=city.pk), publication, editor)
    decisions.forward(Submission.objects.get(pk=county.pk), publication, second_office_editor)

    listed = page(client, second_office_editor, reverse("admin:editorial_forwarding_changelist"))
    other = Forwarding.objects.get(submission=city)
    opened = reverse("admin:editorial_forwarding_change", args=[other.pk])

    assert "常熟的来稿" in listed and "市里的来稿" not in listed
    assert said_not_to_exist(client, opened)


# --- The 通报 ---------------------------------------------------------------------


def circular_of(client, user, fmt="", office=None):
    today = date.today()
    query = f"?kind=year&year={today.year}" + (f"&format={fmt}" if fmt else "")
    query += f"&office={office.pk}" if office else ""
    client.force_login(user)
    return client.get(reverse("admin:editorial_statistics") + query)


def units_of(response) -> str:
    """The circular's table of units, as shown."""
    page = response.content.decode()
    start = page.index('<table id="circular-units">')
    return page[start : page.index("</table>", start)]


def test_each_offices_circular_counts_only_its_own_units(
    client, two_inboxes, editor, second_office_editor
):
    city = units_of(circular_of(client, editor))
    county = units_of(circular_of(client, second_office_editor))

    assert UNIT in city and SECOND_OFFICE_UNIT not in city
    assert SECOND_OFFICE_UNIT in county and UNIT not in county


def test_each_offices_spreadsheet_holds_only_its_own_units_and_officers(
    client, two_inboxes, second_office_editor
):
    response = circular_of(client, second_office_editor, "xlsx")

    units, officers = load_workbook(io.BytesIO(response.content)).worksheets
    unit_rows = list(units.iter_rows(values_only=True))
    assert units["A1"].value.startswith("常熟市总工会办公室")
    assert [row[1] for row in unit_rows[2:-1]] == [SECOND_OFFICE_UNIT]
    assert unit_rows[-1][2] == 1  # the total: one item submitted
    assert [row[1] for row in list(officers.iter_rows(values_only=True))[2:-1]] == [
        SECOND_OFFICE_UNIT
    ]


def test_one_working_in_several_offices_sees_all_their_circular_or_one_offices(
    client, two_inboxes, second_office
):
    admin = make_user("root", superuser=True)

    both = units_of(circular_of(client, admin))
    county = units_of(circular_of(client, admin, office=second_office))

    assert UNIT in both and SECOND_OFFICE_UNIT in both
    assert SECOND_OFFICE_UNIT in county and UNIT not in county


def test_naming_another_office_in_the_address_shows_nothing_of_it(
    client, two_inboxes, editor, second_office
):
    shown = units_of(circular_of(client, editor, office=second_office))

    assert UNIT in shown and SECOND_OFFICE_UNIT not in shown


def test_an_office_reminds_only_its_own_silent_units(
    client, officer, second_office_officer, second_office_editor, mailoutbox, committed
):
    today = date.today()
    client.force_login(second_office_editor)

    with committed():
        client.post(
            reverse("admin:editorial_statistics_remind"),
            {"kind": "year", "year": today.year, "number": 1},
        )

    assert [message.to for message in mailoutbox] == [["cs-officer@example.org"]]
