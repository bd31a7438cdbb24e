"""`make run`'s demo prints an officer account with a few submissions in different states."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from editorial.submissions.models import Submission

pytestmark = pytest.mark.django_db


def run_setup_demo() -> str:
    out = StringIO()
    call_command("setup_demo", stdout=out)
    return out.getvalue()


def test_the_demo_prints_an_officer_who_sees_the_units_submissions(client):
    output = run_setup_demo()

    assert "officer / officer-demo-2026" in output
    officer = get_user_model().objects.get(username="officer")
    assert officer.check_password("officer-demo-2026")
    client.force_login(officer)
    page = client.get(reverse("submissions:list")).content.decode()
    assert "常熟市梅李镇总工会" in page
    assert set(Submission.objects.values_list("status", flat=True)) == {
        "submitted",
        "returned",
        "declined",
    }


def test_running_the_demo_twice_adds_no_submissions():
    run_setup_demo()
    count = Submission.objects.count()

    run_setup_demo()

    assert Submission.objects.count() == count
