"""`make run` prepares the demo site with `setup_demo`: sample issues and accounts, once."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from editorial.content.models import Article, Issue
from editorial.management.commands.setup_demo import DEMO_ACCOUNTS
from editorial.workflow import transitions as workflow
from tests.factories import make_issue

pytestmark = pytest.mark.django_db


def settings_module_root() -> Path:
    return Path(django_settings.BASE_DIR)


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


def test_the_demo_setup_says_what_it_does_and_explains_the_import_warnings():
    output = run_setup_demo()
    assert "==> 导入示例简报" in output
    assert "==> 创建演示账号" in output
    warnings = [line for line in output.splitlines() if line.strip().startswith("warning:")]
    assert len(warnings) == 6  # each of the samples' warnings on a line of its own
    assert "inferred from the text" in warnings[0]
    assert "import_legacy seeds/ --dry-run -v 2" in output  # how to see them again


def test_every_demo_account_has_an_email_address():
    run_setup_demo()
    for account in DEMO_ACCOUNTS:
        assert get_user_model().objects.get(username=account.username).email


def test_a_demo_editors_submission_is_mailed_to_the_demo_chief_on_the_console(
    settings, capsys, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    run_setup_demo()
    editor = get_user_model().objects.get(username="editor")
    draft = make_issue(status=Issue.Status.DRAFT, year=2026, number=1)
    capsys.readouterr()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(draft, editor)
    console = capsys.readouterr().out
    assert "To: chief@example.org" in console


def test_the_development_server_prints_emails_on_the_console():
    code = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    environment = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "newsletter.settings"}
    environment.pop("EMAIL_BACKEND", None)
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings_module_root(),
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "django.core.mail.backends.console.EmailBackend"


def test_the_readme_lists_every_demo_account():
    readme = (settings_module_root() / "README.md").read_text()
    for account in DEMO_ACCOUNTS:
        row = f"| `{account.username}` | `{account.password}` | {account.email} |"
        assert row in readme
