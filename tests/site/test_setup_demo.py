"""`make run` prepares the demo site with `setup_demo`: sample issues and accounts, once."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from editorial.content.models import Article, Issue

pytestmark = pytest.mark.django_db


def run_setup_demo() -> str:
    out = StringIO()
    call_command("setup_demo", stdout=out)
    return out.getvalue()


def test_the_demo_imports_the_sample_issues_and_prints_working_accounts():
    output = run_setup_demo()
    assert set(Issue.objects.values_list("year", flat=True)) == {2007, 2012}
    assert "editor / editor-demo-2026" in output
    assert "chief / chief-demo-2026" in output
    users = get_user_model().objects
    editor, chief = users.get(username="editor"), users.get(username="chief")
    assert editor.check_password("editor-demo-2026")
    assert chief.check_password("chief-demo-2026")
    assert editor.has_perm("editorial.submit_issue")
    assert not editor.has_perm("editorial.approve_issue")
    assert chief.has_perm("editorial.approve_issue")


def test_running_the_demo_setup_twice_duplicates_nothing():
    run_setup_demo()
    counts = (Issue.objects.count(), Article.objects.count())
    run_setup_demo()
    assert (Issue.objects.count(), Article.objects.count()) == counts
