"""The issue by e-mail: publishing mails the issue itself — the bulletin as HTML
and text, the PDF when the office chooses — to its subscribers and the staff of
its units, from the ``send_issue_mail`` command; each delivery is recorded, a
failure retried, nobody mailed twice, and one click unsubscribes."""

import re
from datetime import timedelta
from email.header import decode_header, make_header
from email.utils import parseaddr
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from editorial.content.models import Article, Issue
from editorial.output import bounds, mailing
from editorial.output.models import Delivery, IssueMailing
from editorial.workflow import notifications
from editorial.workflow import transitions as workflow
from editorial.workflow.models import PublicationNotice
from tests.factories import LISTED, UNLISTED, make_issue, member_of, take_to
from tests.output import backends

pytestmark = pytest.mark.django_db

SUBSCRIBER = "subscriber@example.org"
LISTED_STAFF = "listed@example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "http://testserver"
    settings.EMAIL_BACKEND = "tests.output.backends.RefusingBackend"
    backends.REFUSING["on"] = True


@pytest.fixture
def subscriber(db):
    user = member_of(UNLISTED, "subscriber", email=SUBSCRIBER)
    notifications.set_subscribed(user, True)
    return user


@pytest.fixture
def listed_staff(db):
    return member_of(LISTED, "listed-staff", email=LISTED_STAFF)


@pytest.fixture
def approved(db):
    return make_issue(
        year=2026, number=5, status=Issue.Status.APPROVED, sections=("工作动态", "简讯")
    )


def publish(issue, chief, committed, **kwargs):
    with committed():
        workflow.publish(issue, chief, **kwargs)
    issue.refresh_from_db()
    return issue


def send():
    call_command("send_issue_mail", verbosity=0)


def to(outbox, address):
    return [message for message in outbox if address in message.to]


def html_of(message) -> str:
    return next(body for body, kind in message.alternatives if kind == "text/html")


def unsubscribe_path(message) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    return re.fullmatch(r"<http://testserver(/[^>]+)>", header).group(1)


# --- Who gets the issue ----------------------------------------------------------------------


def test_publishing_mails_nothing_until_the_command_runs(
    approved, chief, subscriber, committed, mailoutbox
):
    publish(approved, chief, committed)
    assert to(mailoutbox, SUBSCRIBER) == []
    send()
    assert len(to(mailoutbox, SUBSCRIBER)) == 1


def test_subscribers_and_the_staff_of_listed_units_get_the_issue(
    approved, chief, subscriber, listed_staff, committed, mailoutbox
):
    member_of(UNLISTED, "bystander", email="bystander@example.org")
    publish(approved, chief, committed)
    send()
    assert sorted(a for m in mailoutbox for a in m.to) == [LISTED_STAFF, SUBSCRIBER]


def test_an_internal_issue_goes_only_to_the_staff_of_its_units(
    chief, subscriber, listed_staff, committed, mailoutbox
):
    internal = make_issue(
        year=2026, number=6, status=Issue.Status.APPROVED, visibility=Issue.Visibility.INTERNAL
    )
    publish(internal, chief, committed)
    send()
    assert [a for m in mailoutbox for a in m.to] == [LISTED_STAFF]


def test_the_command_mails_each_issue_once(approved, chief, subscriber, committed, mailoutbox):
    publish(approved, chief, committed)
    send()
    send()
    assert len(to(mailoutbox, SUBSCRIBER)) == 1
    assert PublicationNotice.objects.get(issue=approved).recipient_count == 1


def test_an_issue_withdrawn_and_published_again_is_not_mailed_twice(
    approved, chief, editor, subscriber, committed, mailoutbox
):
    publish(approved, chief, committed)
    send()
    with committed():
        workflow.withdraw(approved, chief, reason="有误")
        workflow.submit(approved, editor)
        workflow.approve(approved, chief)
    publish(approved, chief, committed)
    send()
    assert len(to(mailoutbox, SUBSCRIBER)) == 1


def test_a_scheduled_issue_is_mailed_once_it_goes_live(
    approved, chief, subscriber, committed, mailoutbox
):
    publish(approved, chief, committed, at=timezone.now() + timedelta(hours=2))
    send()
    assert to(mailoutbox, SUBSCRIBER) == []
    Issue.objects.filter(pk=approved.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    send()
    assert len(to(mailoutbox, SUBSCRIBER)) == 1


def test_issues_that_went_live_long_ago_or_were_imported_are_never_mailed(subscriber, mailoutbox):
    make_issue(year=2007, number=3, publish_at=timezone.now() - timedelta(days=30))
    call_command("import_legacy", str(settings.BASE_DIR / "seeds"), verbosity=0)
    send()
    assert mailoutbox == []


# --- What the e-mail holds -----------------------------------------------------------------


def test_the_email_is_the_bulletin_as_html_with_every_headline(
    approved, chief, subscriber, committed, mailoutbox
):
    publish(approved, chief, committed)
    send()
    [message] = mailoutbox
    html = html_of(message)
    assert message.subject == "工会工作简报 2026年第5期"
    assert "工会工作简报" in html
    assert "【工作动态】" in html
    assert "本期印发：全总办公厅、省总工会" in html
    for article in Article.objects.filter(section__issue=approved):
        assert article.title in html
        assert article.title in message.body
        assert f'href="http://testserver{article.get_absolute_url()}"' in html


def test_the_html_is_styled_inline_only(approved, chief, subscriber, committed, mailoutbox):
    publish(approved, chief, committed)
    send()
    html = html_of(mailoutbox[0])
    assert "<style" not in html
    assert "class=" not in html
    assert "<link" not in html
    assert 'style="' in html


def test_the_email_shows_the_issue_as_signed(approved, chief, subscriber, committed, mailoutbox):
    publish(approved, chief, committed)
    article = Article.objects.filter(section__issue=approved).first()
    signed_title = article.title
    article.title = "未签发的标题"
    article.save()
    send()
    [message] = mailoutbox
    assert signed_title in html_of(message)
    assert "未签发的标题" not in html_of(message) + message.body


def test_the_pdf_is_attached_only_when_the_office_chose_so(
    chief, subscriber, committed, mailoutbox, approved
):
    plain = make_issue(year=2026, number=6, status=Issue.Status.APPROVED)
    IssueMailing.objects.create(issue=approved, attach_pdf=True)
    publish(approved, chief, committed)
    publish(plain, chief, committed)
    send()
    with_pdf, without = sorted(mailoutbox, key=lambda m: m.subject)
    assert "第5期" in with_pdf.subject
    [attachment] = with_pdf.attachments
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_payload(decode=True).startswith(b"%PDF")
    assert without.attachments == []


def test_the_pdf_attachment_is_named_in_chinese_with_an_ascii_fallback(
    chief, subscriber, committed, mailoutbox, approved
):
    IssueMailing.objects.create(issue=approved, attach_pdf=True)
    publish(approved, chief, committed)
    send()
    [attachment] = mailoutbox[0].attachments
    disposition = attachment["Content-Disposition"]
    assert 'filename="bulletin-2026-5.pdf"' in disposition
    assert "filename*=UTF-8''" + quote("工会工作简报-2026-5.pdf") in disposition


def test_the_issue_comes_from_the_office_by_name(
    chief, subscriber, committed, mailoutbox, approved
):
    publish(approved, chief, committed)
    send()
    message = mailoutbox[0].message()
    name, address = parseaddr(str(make_header(decode_header(message["From"]))))
    assert name == "市总工会办公室"
    assert address == parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def test_the_mail_masthead_names_the_signer(chief, subscriber, committed, mailoutbox, approved):
    publish(approved, chief, committed)
    send()
    [message] = mailoutbox
    assert "签发人：周明" in message.body
    assert "签发人：周明" in html_of(message)


# --- Delivery records, retries ------------------------------------------------------------


def test_a_refused_address_is_recorded_as_failed_with_the_reason(
    approved, chief, subscriber, committed, mailoutbox
):
    refused = member_of(LISTED, "refused", email="someone@refused.example.org")
    publish(approved, chief, committed)
    send()
    delivery = Delivery.objects.get(address=refused.email)
    assert delivery.status == Delivery.Status.FAILED
    assert "mailbox unavailable" in delivery.reason
    assert Delivery.objects.get(address=SUBSCRIBER).status == Delivery.Status.SENT


def test_a_failed_delivery_is_retried_and_the_sent_ones_are_not(
    approved, chief, subscriber, committed, mailoutbox
):
    member_of(LISTED, "refused", email="someone@refused.example.org")
    publish(approved, chief, committed)
    send()
    backends.REFUSING["on"] = False
    send()
    assert len(to(mailoutbox, "someone@refused.example.org")) == 1
    assert len(to(mailoutbox, SUBSCRIBER)) == 1
    retried = Delivery.objects.get(address="someone@refused.example.org")
    assert (retried.status, retried.attempts) == (Delivery.Status.SENT, 2)


def test_a_delivery_that_keeps_failing_is_given_up(
    approved, chief, subscriber, committed, mailoutbox
):
    member_of(LISTED, "refused", email="someone@refused.example.org")
    publish(approved, chief, committed)
    for _ in range(mailing.MAX_ATTEMPTS + 2):
        send()
    assert Delivery.objects.get(address="someone@refused.example.org").attempts == (
        mailing.MAX_ATTEMPTS
    )


def test_two_senders_never_claim_the_same_delivery(approved, chief, subscriber, committed):
    member_of(LISTED, "second", email="second@example.org")
    publish(approved, chief, committed)
    mailing.plan_due()
    first = mailing.claim(batch=1)
    second = mailing.claim()
    third = mailing.claim()
    assert len(first) == 1 and len(second) == 1
    assert first[0].pk != second[0].pk
    assert third == []


def test_the_issue_admin_page_lists_each_delivery(
    client, approved, chief, subscriber, committed, mailoutbox
):
    member_of(LISTED, "refused", email="someone@refused.example.org")
    publish(approved, chief, committed)
    send()
    client.force_login(chief)
    page = client.get(reverse("admin:editorial_issue_change", args=[approved.pk]))
    body = page.content.decode()
    table = body[body.index('id="deliveries"') :]
    assert SUBSCRIBER in table
    assert "someone@refused.example.org" in table
    assert "mailbox unavailable" in table


# --- Unsubscribing ---------------------------------------------------------------------------


def test_every_email_offers_one_click_unsubscribe(
    approved, chief, subscriber, committed, mailoutbox
):
    publish(approved, chief, committed)
    send()
    [message] = mailoutbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_path(message) in html_of(message)


def test_following_the_unsubscribe_link_asks_to_confirm(
    client, approved, chief, subscriber, committed, mailoutbox
):
    publish(approved, chief, committed)
    send()
    page = client.get(unsubscribe_path(mailoutbox[0]))
    assert page.status_code == 200
    assert 'id="confirm-unsubscribe"' in page.content.decode()
    assert notifications.is_subscribed(subscriber)


def test_a_one_click_post_unsubscribes_and_no_more_issues_come(
    client, approved, chief, subscriber, committed, mailoutbox
):
    publish(approved, chief, committed)
    send()
    response = client.post(unsubscribe_path(mailoutbox[0]), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not notifications.is_subscribed(subscriber)
    publish(make_issue(year=2026, number=6, status=Issue.Status.APPROVED), chief, committed)
    send()
    assert len(to(mailoutbox, SUBSCRIBER)) == 1


def test_staff_of_a_listed_unit_can_unsubscribe_too(
    client, approved, chief, listed_staff, committed, mailoutbox
):
    publish(approved, chief, committed)
    send()
    client.post(unsubscribe_path(mailoutbox[0]))
    publish(make_issue(year=2026, number=6, status=Issue.Status.APPROVED), chief, committed)
    send()
    assert len(to(mailoutbox, LISTED_STAFF)) == 1


def test_subscribing_again_undoes_an_unsubscribe(client, subscriber):
    client.post(reverse("editorial:unsubscribe", args=[mailing.unsubscribe_token(SUBSCRIBER)]))
    notifications.set_subscribed(subscriber, True)
    assert SUBSCRIBER not in notifications.unsubscribed_addresses()


def test_a_forged_unsubscribe_link_does_nothing(client, subscriber):
    token = mailing.unsubscribe_token(SUBSCRIBER)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.post(reverse("editorial:unsubscribe", args=[forged])).status_code == 404
    assert notifications.is_subscribed(subscriber)


def test_an_issue_whose_pdf_cannot_be_rendered_fails_its_deliveries_with_the_reason(
    chief, subscriber, committed, mailoutbox
):
    issue = make_issue(year=2026, number=7, status=Issue.Status.DRAFT)
    article = Article.objects.get(section__issue=issue)
    article.body = "职工" * (bounds.MAX_PARAGRAPH // 2 + 1)
    article.save()
    take_to(issue, Issue.Status.APPROVED)
    IssueMailing.objects.create(issue=issue, attach_pdf=True)
    publish(issue, chief, committed)
    send()
    assert mailoutbox == []
    [delivery] = Delivery.objects.filter(issue=issue)
    assert delivery.status == Delivery.Status.FAILED
    assert "每段最多" in delivery.reason


def test_the_email_breaks_a_headline_where_the_editor_did(chief, subscriber, committed, mailoutbox):
    draft = make_issue(year=2026, number=6, status=Issue.Status.DRAFT)
    article = Article.objects.get(section__issue=draft)
    article.title = "深化<工会>改革\n以“两争”为载体"
    article.save()
    take_to(draft, Issue.Status.APPROVED)
    publish(draft, chief, committed)
    send()
    [message] = mailoutbox
    assert "深化&lt;工会&gt;改革<br>以“两争”为载体" in html_of(message)
