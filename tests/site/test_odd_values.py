"""Odd values in an address or a query answer 400 or 404, never a server error: an
empty ``_to_field`` on the admin's pages, numbers beyond the database's integers in
addresses, filters and admin actions. (tests/site/test_hostile_values.py tries
every address with such values; these are the cases the outside probe found.)"""

import pytest
from django.urls import reverse

from editorial.content.models import Issue
from tests.factories import make_issue
from tests.submissions.conftest import officer_of

BEYOND_64_BITS = "1" + "0" * 30
JUST_BEYOND = str(2**63)


@pytest.fixture
def issue(db):
    return make_issue(year=2012, number=1)


def test_an_empty_to_field_on_an_admin_change_page_is_a_bad_request(client, editor, issue):
    client.force_login(editor)

    response = client.get(reverse("admin:editorial_issue_change", args=[issue.pk]) + "?_to_field=")

    assert response.status_code == 400


def test_an_empty_to_field_on_another_apps_admin_page_is_a_bad_request(client, editor, issue):
    client.force_login(editor)

    response = client.post(
        reverse("admin:auth_user_delete", args=[editor.pk]) + "?_to_field=", {"post": "yes"}
    )

    assert response.status_code == 400
    assert type(editor).objects.filter(pk=editor.pk).exists()


@pytest.mark.parametrize("number", [JUST_BEYOND, BEYOND_64_BITS])
def test_an_issue_address_beyond_the_databases_integers_is_not_found(client, issue, number):
    assert client.get(f"/bulletin/issues/{number}/1/").status_code == 404


@pytest.mark.parametrize("number", [JUST_BEYOND, BEYOND_64_BITS])
def test_an_attachment_address_beyond_the_databases_integers_is_not_found(client, roles, number):
    client.force_login(officer_of("常熟市总工会", "officer"))

    response = client.get(f"/submissions/{number}/attachments/1/")

    assert response.status_code == 404


@pytest.mark.parametrize("number", [JUST_BEYOND, BEYOND_64_BITS])
def test_an_admin_attachment_address_beyond_the_databases_integers_answers_no_server_error(
    client, editor, number
):
    client.force_login(editor)

    response = client.get(f"/admin/editorial/submission/{number}/attachments/1/", follow=True)

    assert response.status_code == 200
    assert "不存在" in " ".join(str(message) for message in response.context["messages"])


def test_an_admin_filter_beyond_the_databases_integers_answers_no_server_error(
    client, editor, issue
):
    client.force_login(editor)

    response = client.get(
        reverse("admin:editorial_issue_changelist") + f"?id__in=1,{BEYOND_64_BITS}"
    )

    assert response.status_code < 500


def test_an_admin_action_on_an_id_beyond_the_databases_integers_deletes_nothing(
    client, chief, issue
):
    client.force_login(chief)

    response = client.post(
        reverse("admin:editorial_issue_changelist"),
        {"action": "delete_selected", "_selected_action": [BEYOND_64_BITS]},
    )

    assert response.status_code < 500
    assert Issue.objects.filter(pk=issue.pk).exists()
