"""What ``send_issue_mail`` prints, it prints in Chinese."""

from io import StringIO

import pytest
from django.core.management import call_command

from editorial.content.models import Issue
from editorial.workflow import notifications
from editorial.workflow import transitions as workflow
from tests.factories import UNLISTED, make_issue, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "http://testserver"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_the_command_reports_recipients_and_sent_mails_in_chinese(chief, committed):
    notifications.set_subscribed(member_of(UNLISTED, "sub", email="sub@example.org"), True)
    issue = make_issue(year=2026, number=5, status=Issue.Status.APPROVED)
    with committed():
        workflow.publish(issue, chief)
    output = StringIO()
    call_command("send_issue_mail", stdout=output)
    printed = output.getvalue()
    assert "1 位收件人" in printed
    assert "已发送 1 封邮件，0 封发送失败。" in printed
    assert "Sent" not in printed and "recipients" not in printed


def test_quiet_and_idle_the_command_prints_nothing():
    output = StringIO()
    call_command("send_issue_mail", verbosity=0, stdout=output)
    assert output.getvalue() == ""


def test_quiet_the_command_still_reports_what_it_sent(chief, committed):
    notifications.set_subscribed(member_of(UNLISTED, "sub", email="sub@example.org"), True)
    issue = make_issue(year=2026, number=5, status=Issue.Status.APPROVED)
    with committed():
        workflow.publish(issue, chief)
    output = StringIO()
    call_command("send_issue_mail", verbosity=0, stdout=output)
    assert "已发送 1 封邮件" in output.getvalue()
