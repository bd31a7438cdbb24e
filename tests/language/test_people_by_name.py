"""People are named by their names — 王建国, family name first with no space —
never by their login names nor in Western order, on every page and in every
e-mail: the demo's accounts (``setup_demo``) take an issue through the workflow
and decide on submissions, then every e-mail sent is read, and the admin pages
of the editor and the chief editor, the officer's pages and the reading site are
crawled (the crawl of ``test_admin_in_chinese``)."""

import io
import re
from collections import defaultdict, deque
from io import StringIO
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from editorial.content.models import Issue
from editorial.management.commands.setup_demo import DEMO_ACCOUNTS
from editorial.offices.models import Bulletin
from editorial.submissions import decisions
from editorial.submissions.demo import OFFICER
from editorial.submissions.models import Submission
from editorial.workflow import notifications
from editorial.workflow import transitions as workflow
from tests.factories import make_issue
from tests.language.test_admin_in_chinese import (
    NOT_PAGES,
    PER_URL_NAME,
    InterfaceText,
    starting_points,
    url_name,
)

pytestmark = pytest.mark.django_db

LOGINS = [account.username for account in DEMO_ACCOUNTS] + [OFFICER[0]]
# Pages whose subject is the account itself (its login name is a field there).
ACCOUNT_PAGES = re.compile(r"^/admin/auth/user/|^/admin/password_change/")


@pytest.fixture
def demo(committed, settings):
    settings.SITE_URL = "http://testserver"
    with committed():
        call_command("setup_demo", stdout=StringIO(), verbosity=0)
    return {user.username: user for user in get_user_model().objects.filter(username__in=LOGINS)}


@pytest.fixture
def story(demo, committed, mailoutbox):
    """What the office does in a week: an issue submitted, returned, resubmitted,
    signed off and published and mailed; a submission adopted."""
    editor, chief, reader = demo["editor"], demo["chief"], demo["reader"]
    notifications.set_subscribed(reader, True)
    issue = make_issue(status=Issue.Status.DRAFT, year=2026, number=9)
    # The demo officer's unit reports to 常熟: its editor adopts the item there.
    changshu = make_issue(
        bulletin=Bulletin.objects.get(slug="changshu"), status=Issue.Status.DRAFT, year=2026
    )
    waiting = Submission.objects.waiting().first()
    with committed():
        decisions.adopt(
            [waiting], section=changshu.sections.first(), kind="article", user=demo["cs-editor"]
        )
    with committed():
        workflow.submit(issue, editor)
    with committed():
        workflow.return_to_draft(issue, chief, comment="请核对第二篇的数字。")
    with committed():
        workflow.submit(issue, editor)
    with committed():
        workflow.approve(issue, chief)
    with committed():
        workflow.publish(issue, chief)
    with committed():
        call_command("send_issue_mail", stdout=StringIO())
    return mailoutbox


def wrong_names(text: str, people) -> list[str]:
    """Login names (as words, outside addresses and paths) and Western-order names."""
    text = re.sub(r"\S*[@/\\]\S*", " ", text)
    found = [login for login in LOGINS if re.search(rf"(?<![A-Za-z-]){login}(?![A-Za-z-])", text)]
    for person in people:
        western = [
            f"{person.first_name} {person.last_name}",
            f"{person.first_name}{person.last_name}",
        ]
        found += [name for name in western if name in text]
    return found


def mail_texts(message) -> str:
    alternatives = getattr(message, "alternatives", [])
    return "\n".join([message.subject, message.body] + [body for body, _ in alternatives])


def crawl(client, starts, prefix, people) -> dict[str, list[str]]:
    """The wrong names on each page under ``prefix`` reached from ``starts``."""
    found, visits, seen = {}, defaultdict(int), set()
    queue = deque(starts)
    while queue:
        url = urldefrag(queue.popleft())[0]
        if url in seen or not url.startswith(prefix) or ACCOUNT_PAGES.match(url):
            continue
        seen.add(url)
        name = url_name(urlsplit(url).path) if prefix == "/admin/" else url
        if name is None or name in NOT_PAGES or visits[name] >= PER_URL_NAME:
            continue
        visits[name] += 1
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = InterfaceText()
        page.feed(response.content.decode())
        wrong = wrong_names("\n".join(page.texts), people)
        if wrong:
            found[url] = sorted(set(wrong))
        for link in page.links:
            queue.append(urlsplit(url).path + link if link.startswith("?") else link)
    return found


def test_every_email_names_people_by_their_chinese_names(story, demo):
    assert story, "the story sends e-mails"
    wrong = {
        f"{message.subject} → {message.to}": wrong_names(mail_texts(message), demo.values())
        for message in story
    }
    assert not {subject: names for subject, names in wrong.items() if names}


def test_every_email_to_a_demo_account_greets_it_by_its_chinese_name(story, demo):
    for message in story:
        person = next((p for p in demo.values() if p.email in message.to), None)
        # The issue itself (List-Unsubscribe) greets nobody: it is the bulletin.
        greeting = (
            getattr(message, "alternatives", None)
            and "List-Unsubscribe" not in message.extra_headers
        )
        if person is not None and greeting:
            assert f"{person.last_name}{person.first_name}，您好" in message.body


@pytest.mark.parametrize("role", ["editor", "chief"])
def test_the_admin_pages_name_people_by_their_chinese_names(story, demo, role):
    user = demo[role]
    client = Client()
    client.force_login(user)
    found = crawl(client, starting_points(user), "/admin/", demo.values())
    report = "\n".join(f"{url}: {' '.join(names)}" for url, names in sorted(found.items()))
    assert not found, f"login or Western-order names on {len(found)} pages:\n{report}"


def test_the_officers_pages_name_people_by_their_chinese_names(story, demo):
    client = Client()
    client.force_login(demo["officer"])
    found = crawl(client, ["/submissions/"], "/submissions/", demo.values())
    assert not found


def test_the_admin_greets_each_by_the_chinese_name(demo):
    client = Client()
    client.force_login(demo["chief"])
    page = client.get("/admin/").content.decode()
    assert "<strong>王建国</strong>" in page


def test_the_circulars_csv_and_xlsx_name_the_officer_by_the_chinese_name(story, demo):
    client = Client()
    client.force_login(demo["cs-editor"])  # of the office the officer's unit reports to
    today = Submission.objects.latest("submitted_at").submitted_at
    base = reverse("admin:editorial_statistics") + f"?kind=year&year={today.year}&number=1"
    csv_text = client.get(base + "&format=csv").content.decode()
    workbook = load_workbook(io.BytesIO(client.get(base + "&format=xlsx").content))
    cells = " ".join(
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
    )
    for text in (csv_text, cells):
        assert "陈晓" in text
        assert not wrong_names(text, demo.values())
