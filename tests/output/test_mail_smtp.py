"""The issue's e-mail end to end: the ``send_issue_mail`` command speaks SMTP to
a real server on loopback (aiosmtpd), which receives the issue as a reader's
mail client would."""

import email
import re
import socket
from email import policy

import pytest
from django.core.management import call_command

from editorial.content.models import Article, Issue
from editorial.output.models import Delivery, IssueMailing
from editorial.workflow import notifications
from editorial.workflow import transitions as workflow
from tests.conftest import missing
from tests.factories import LISTED, make_issue, member_of

pytestmark = pytest.mark.django_db

ADDRESS = "reader@example.org"


class Received:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


def unsubscribe_header(message) -> str:
    """The header as a mail client reads it (a long one arrives folded)."""
    return str(message["List-Unsubscribe"]).strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """An SMTP server on 127.0.0.1, and the site's SMTP backend pointed at it."""
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        missing("aiosmtpd is not installed (a development dependency)")
    received = Received()
    port = free_port()
    controller = Controller(received, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = "http://testserver"
    yield received
    controller.stop()


@pytest.fixture
def mailed(smtp_server, chief, committed):
    """An issue published with its PDF attached, and the command run once."""
    reader = member_of(LISTED, "reader", email=ADDRESS)
    notifications.set_subscribed(reader, True)
    issue = make_issue(
        year=2026, number=5, status=Issue.Status.APPROVED, sections=("工作动态", "简讯")
    )
    IssueMailing.objects.create(issue=issue, attach_pdf=True)
    with committed():
        workflow.publish(issue, chief)
    call_command("send_issue_mail", verbosity=0)
    [envelope] = smtp_server.envelopes
    return issue, envelope, email.message_from_bytes(envelope.content, policy=policy.default)


def test_the_issue_arrives_over_smtp_with_its_headers(mailed):
    _, envelope, message = mailed
    assert envelope.rcpt_tos == [ADDRESS]
    assert message["To"] == ADDRESS
    assert message["Subject"] == "工会工作简报 2026年第5期"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<http://testserver/mail/unsubscribe/[^>]+/>", unsubscribe_header(message))
    assert Delivery.objects.get(address=ADDRESS).status == Delivery.Status.SENT


def test_the_html_part_holds_every_headline(mailed):
    issue, _, message = mailed
    html = message.get_body(preferencelist=("html",)).get_content()
    text = message.get_body(preferencelist=("plain",)).get_content()
    for title in Article.objects.filter(section__issue=issue).values_list("title", flat=True):
        assert title in html
        assert title in text


def test_the_pdf_arrives_attached(mailed):
    _, _, message = mailed
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "工会工作简报-2026-5.pdf"
    assert attachment.get_content().startswith(b"%PDF")


def test_the_received_unsubscribe_link_works(mailed, client):
    _, _, message = mailed
    path = re.fullmatch(r"<http://testserver(/[^>]+)>", unsubscribe_header(message)).group(1)
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f"http://testserver{path}" in html
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert ADDRESS in notifications.unsubscribed_addresses()
