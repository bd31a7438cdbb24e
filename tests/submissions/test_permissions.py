"""Who may open each page and take each action, checked on the server: officers
(own unit only), the office's editors and chief editors, those of another
office (who have an inbox of their own, where this item is not), anyone else,
and anonymous visitors. Submissions are never public."""

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.submissions.models import Attachment, Submission
from tests.factories import make_user
from tests.submissions.conftest import pdf, submit

ROLES = [
    "anonymous",
    "outsider",
    "officer",
    "other unit's officer",
    "editor",
    "chief",
    "another office's editor",
    "another office's chief",
]
SIGN_IN = "sign in"
NOT_THERE = "does not exist"  # the admin's index, saying so, as of any row not there


@pytest.fixture
def world(officer, other_officer, editor, chief, second_office_editor, second_office_chief):
    submission = submit(officer, "仅本单位可见的来稿")
    attachment = Attachment.objects.create(
        submission=submission, file=pdf(), name="report.pdf", kind="document", size=40
    )
    users = {
        "anonymous": None,
        "outsider": make_user("outsider", staff=True),
        "officer": officer,
        "other unit's officer": other_officer,
        "editor": editor,
        "chief": chief,
        "another office's editor": second_office_editor,
        "another office's chief": second_office_chief,
    }
    return users, submission, attachment


def outcome(response) -> object:
    signing_in = ("/sign-in/", "/admin/login/")  # the reading site's page, the admin's
    if response.status_code == 302 and response["Location"].startswith(signing_in):
        return SIGN_IN
    if response.status_code == 302 and response["Location"] == reverse("admin:index"):
        return NOT_THERE
    return response.status_code


OFFICERS_ONLY = {
    "anonymous": SIGN_IN,
    "outsider": 403,
    "officer": 200,
    "other unit's officer": 200,
    "editor": 403,
    "chief": 403,
    "another office's editor": 403,
    "another office's chief": 403,
}
OWN_UNIT_ONLY = {**OFFICERS_ONLY, "other unit's officer": 404}
# Every office's editors have an inbox and a 通报 of their own ...
OFFICES = {
    "anonymous": SIGN_IN,
    "outsider": 403,
    "officer": 403,
    "other unit's officer": 403,
    "editor": 200,
    "chief": 200,
    "another office's editor": 200,
    "another office's chief": 200,
}
# ... where this office's item does not exist, nor its files.
OFFICE_ONLY = {
    **OFFICES,
    "another office's editor": NOT_THERE,
    "another office's chief": NOT_THERE,
}
OFFICE_FILES_ONLY = {**OFFICES, "another office's editor": 404, "another office's chief": 404}

PAGES = {
    "the unit's list": (lambda s, a: reverse("submissions:list"), OFFICERS_ONLY),
    "the new submission form": (lambda s, a: reverse("submissions:create"), OFFICERS_ONLY),
    "a submission": (lambda s, a: reverse("submissions:detail", args=[s.pk]), OWN_UNIT_ONLY),
    "its edit form": (lambda s, a: reverse("submissions:edit", args=[s.pk]), OWN_UNIT_ONLY),
    "its attachment": (
        lambda s, a: reverse("submissions:attachment", args=[s.pk, a.pk]),
        OWN_UNIT_ONLY,
    ),
    "the office's inbox": (
        lambda s, a: reverse("admin:editorial_submission_changelist"),
        OFFICES,
    ),
    "the office's view of a submission": (
        lambda s, a: reverse("admin:editorial_submission_change", args=[s.pk]),
        OFFICE_ONLY,
    ),
    "the office's copy of an attachment": (
        lambda s, a: reverse("admin:editorial_submission_attachment", args=[s.pk, a.pk]),
        OFFICE_FILES_ONLY,
    ),
    "the 通报": (lambda s, a: reverse("admin:editorial_statistics"), OFFICES),
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_at_each_page(client, world, role, page):
    users, submission, attachment = world
    url, expected = PAGES[page]
    if users[role] is not None:
        client.force_login(users[role])

    response = client.get(url(submission, attachment))

    assert outcome(response) == expected[role]


MAY_WITHDRAW = {"officer"}
MAY_EDIT = {"officer"}
MAY_DECIDE = {"editor", "chief"}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_withdraw(client, world, role):
    users, submission, _ = world
    if users[role] is not None:
        client.force_login(users[role])

    client.post(reverse("submissions:withdraw", args=[submission.pk]))

    withdrawn = Submission.objects.get(pk=submission.pk).status == Submission.Status.WITHDRAWN
    assert withdrawn == (role in MAY_WITHDRAW)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_edit(client, world, role):
    users, submission, _ = world
    if users[role] is not None:
        client.force_login(users[role])

    client.post(
        reverse("submissions:edit", args=[submission.pk]),
        {
            "title": "改过的标题",
            "body": "正文",
            "suggested_kind": "article",
            "contact_phone": "1",
        },
    )

    assert (Submission.objects.get(pk=submission.pk).title == "改过的标题") == (role in MAY_EDIT)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_decide(client, world, role):
    users, submission, _ = world
    if users[role] is not None:
        client.force_login(users[role])

    client.post(
        reverse("admin:editorial_submission_changelist"),
        {
            "action": "decline_action",
            "_selected_action": [submission.pk],
            "apply": "1",
            "comment": "重复",
        },
    )

    declined = Submission.objects.get(pk=submission.pk).status == Submission.Status.DECLINED
    assert declined == (role in MAY_DECIDE)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_send_reminders(client, world, role, mailoutbox, committed):
    """The other unit has submitted nothing this month: a reminder goes to its officer."""
    users, _, _ = world
    if users[role] is not None:
        client.force_login(users[role])
    today = timezone.localdate()

    with committed():
        client.post(
            reverse("admin:editorial_statistics_remind"),
            {"kind": "month", "year": today.year, "number": today.month},
        )

    assert bool(mailoutbox) == (role in MAY_DECIDE)


def test_nothing_of_a_submission_is_on_the_public_site(client, world):
    _, submission, _ = world

    home = client.get("/").content.decode() + client.get("/search/?q=仅本单位").content.decode()

    assert submission.title not in home
