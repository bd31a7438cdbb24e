"""Odd values in the admin's own pages get the admin's own answers — "does not exist",
a form error — never a server error."""

from django.urls import reverse

from editorial.submissions.models import UnitQuota
from tests.factories import make_user


def test_a_submission_address_with_no_number_says_it_does_not_exist(client, editor):
    client.force_login(editor)

    response = client.get(reverse("admin:editorial_submission_change", args=["abc"]))

    assert response.status_code == 302
    assert response.url == reverse("admin:index")


def test_an_autocomplete_field_given_no_id_shows_the_form_again_with_its_error(client, db):
    client.force_login(make_user("administrator", superuser=True))

    response = client.post(
        reverse("admin:editorial_unitquota_add"), {"unit": "abc", "per_month": "2"}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["unit"]
    assert not UnitQuota.objects.exists()
