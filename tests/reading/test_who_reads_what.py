"""Who may see and do what, over HTTP: anonymous, a staff reader (staff, no role) of
a unit on the issues' distribution lists, an outsider (a staff reader of a unit
on none of them), an editor (编辑), a chief editor (签发人) and a superuser,
against every reading page and every admin action. Drafts, issues in review or
signed off, scheduled issues — and, for the public and outsiders, internal
issues — never leak: not by address, not through the archive, search, the feed,
the sitemap, or the organization, tag and section pages."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import timezone
from taggit.models import Tag

from editorial.content.models import (
    Article,
    ArticleSource,
    Issue,
    Recipient,
    SourceOrganization,
    UnitMembership,
)
from tests.factories import make_issue, make_user, take_to
from tests.workflow.helpers import admin_form_data

ROLES_MIGRATION = importlib.import_module("editorial.migrations.0003_roles")

ROLES = ["anonymous", "staff", "outsider", "editor", "chief", "superuser"]
PREVIEWERS = {"editor", "chief", "superuser"}
# Who reads an internal issue: staff of a unit on its distribution list, and editors.
SIGNED_IN_STAFF = {"staff", "editor", "chief", "superuser"}

# state: (issue number, article title, issue fields)
STATES = {
    "published": (1, "公开的秘闻", {}),
    "draft": (2, "草稿的秘闻", {"status": Issue.Status.DRAFT}),
    "in_review": (3, "审核中的秘闻", {"status": Issue.Status.IN_REVIEW}),
    "approved": (4, "已签发的秘闻", {"status": Issue.Status.APPROVED}),
    "scheduled": (5, "定时发布的秘闻", {"publish_at": timezone.now() + timedelta(days=3)}),
    "internal": (6, "内部的秘闻", {"visibility": Issue.Visibility.INTERNAL}),
}
NEVER_LISTED = ["draft", "in_review", "approved", "scheduled"]


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    """Five accounts per test: hashing their passwords properly would take most of the time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db, django_capture_on_commit_callbacks):
    """One issue in each state, all in section 共同栏目, credited to 共同来源单位 and
    tagged 共同标签, so that shared pages would show any of them."""
    with django_capture_on_commit_callbacks(execute=True):
        organization = SourceOrganization.objects.create(name="共同来源单位")
        issues = {}
        for state, (number, title, fields) in STATES.items():
            fields = dict(fields)
            status = fields.pop("status", Issue.Status.PUBLISHED)
            publish_at = fields.pop("publish_at", None)
            issue = make_issue(
                year=2012,
                number=number,
                sections=("共同栏目",),
                status=Issue.Status.DRAFT,
                **fields,
            )
            article = Article.objects.get(section__issue=issue)
            article.title = title
            article.save()
            ArticleSource.objects.create(article=article, organization=organization, position=2)
            article.tags.add("共同标签")
            if status != Issue.Status.DRAFT:
                take_to(issue, status, publish_at=publish_at)
            issues[state] = issue
    return issues


def article_of(issue) -> Article:
    return Article.objects.get(section__issue=issue)


@pytest.fixture
def users(db):
    if Group.objects.filter(name__in=["编辑", "签发人"]).count() != 2:
        ROLES_MIGRATION.create_roles(apps, None)
    return {
        "anonymous": None,
        "staff": member_of("省总工会", make_user("clerk", staff=True)),
        "outsider": member_of("市各有关部门", make_user("outsider", staff=True)),
        "editor": make_user("editor", staff=True, groups=["编辑"]),
        "chief": make_user("chief", staff=True, groups=["签发人"]),
        "superuser": make_user("root", superuser=True),
    }


def member_of(unit_name, user):
    """``user``, now of the unit ``unit_name`` (省总工会 is on every issue's list here)."""
    unit, _ = Recipient.objects.get_or_create(name=unit_name)
    UnitMembership.objects.create(user=user, unit=unit)
    return user


def client_for(client, users, role):
    if users[role] is not None:
        client.force_login(users[role])
    return client


def hidden_from(role) -> list[str]:
    return NEVER_LISTED if role in SIGNED_IN_STAFF else [*NEVER_LISTED, "internal"]


def markers(world, state) -> list[str]:
    """What would give an issue away on a page: its article's title and both addresses."""
    issue = world[state]
    return [
        STATES[state][1],
        f'"{issue.get_absolute_url()}"',
        f'"{article_of(issue).get_absolute_url()}"',
        f"{issue.get_absolute_url()}<",
        f"{article_of(issue).get_absolute_url()}<",
    ]


# --- Reading pages by address ------------------------------------------------------------


def expected_status(state, role) -> int:
    if state == "published":
        return 200
    if state == "internal":
        if role in SIGNED_IN_STAFF:
            return 200
        return 302 if role == "anonymous" else 403
    return 200 if role in PREVIEWERS else 404


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["issue", "article"])
def test_who_may_open_an_issue_and_its_article_in_each_state(
    client, users, world, role, state, page
):
    issue = world[state]
    address = issue.get_absolute_url() if page == "issue" else article_of(issue).get_absolute_url()

    response = client_for(client, users, role).get(address)

    assert response.status_code == expected_status(state, role)
    if response.status_code == 302:
        assert response["Location"].startswith("/sign-in/")
    if response.status_code == 200:
        assert STATES[state][1] in response.content.decode()
    else:
        assert STATES[state][1] not in response.content.decode()


@pytest.mark.parametrize("state", NEVER_LISTED)
def test_previews_are_marked_never_to_be_cached_or_indexed(client, users, world, state):
    response = client_for(client, users, "editor").get(world[state].get_absolute_url())

    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("state", NEVER_LISTED)
def test_a_preview_is_never_served_to_the_public_afterwards(client, users, world, state):
    address = world[state].get_absolute_url()
    client_for(client, users, "chief").get(address)
    client.logout()

    assert client.get(address).status_code == 404


def test_an_internal_issue_read_by_staff_is_never_served_to_the_public_afterwards(
    client, users, world
):
    address = world["internal"].get_absolute_url()
    client_for(client, users, "staff").get(address)
    client.logout()

    response = client.get(address)

    assert response.status_code == 302
    assert STATES["internal"][1] not in response.content.decode()


# --- Pages that list issues or articles ---------------------------------------------------


def sitemap_text(client) -> str:
    index = client.get("/sitemap.xml").content.decode()
    parts = [index]
    for location in re.findall(r"<loc>https?://[^/]+(/[^<]+)</loc>", index):
        parts.append(client.get(location).content.decode())
    return "".join(parts)


LISTINGS = {
    "home": lambda c, w: c.get("/").content.decode(),
    "archive": lambda c, w: c.get("/bulletin/issues/").content.decode(),
    "archive year": lambda c, w: c.get("/bulletin/issues/2012/").content.decode(),
    "search": lambda c, w: c.get("/search/", {"q": "秘闻"}).content.decode(),
    "search by section": lambda c, w: c.get(
        "/search/", {"q": "秘闻", "section": "共同栏目"}
    ).content.decode(),
    "feed": lambda c, w: c.get("/bulletin/feed/").content.decode(),
    "sitemap": lambda c, w: sitemap_text(c),
    "organization": lambda c, w: c.get(
        SourceOrganization.objects.get(name="共同来源单位").get_absolute_url()
    ).content.decode(),
    "organizations": lambda c, w: c.get("/sources/").content.decode(),
    "tag": lambda c, w: c.get(f"/tags/{Tag.objects.get(name='共同标签').slug}/").content.decode(),
    "section": lambda c, w: c.get("/bulletin/sections/共同栏目/").content.decode(),
    "published issue": lambda c, w: c.get(w["published"].get_absolute_url()).content.decode(),
    "published article": lambda c, w: c.get(
        article_of(w["published"]).get_absolute_url()
    ).content.decode(),
}


@pytest.mark.parametrize("listing", LISTINGS)
@pytest.mark.parametrize("role", ROLES)
def test_listing_pages_never_give_away_an_issue_the_reader_may_not_read(
    client, users, world, role, listing
):
    page = LISTINGS[listing](client_for(client, users, role), world)

    for state in hidden_from(role):
        for marker in markers(world, state):
            assert marker not in page, f"{listing} shows {state} issue to {role}: {marker}"


@pytest.mark.parametrize("listing", ["archive", "search", "organization", "tag", "section"])
@pytest.mark.parametrize("role", ROLES)
def test_listing_pages_show_the_published_issue(client, users, world, role, listing):
    page = LISTINGS[listing](client_for(client, users, role), world)

    assert world["published"].get_absolute_url() in page or STATES["published"][1] in page


# --- Admin pages --------------------------------------------------------------------------

EDITORIAL = {
    "anonymous": 302,
    "staff": 403,
    "outsider": 403,
    "editor": 200,
    "chief": 200,
    "superuser": 200,
}
CHIEF_ONLY = {**EDITORIAL, "editor": 403}
SUPERUSER_ONLY = {**CHIEF_ONLY, "chief": 403}

ADMIN_PAGES = {
    "/admin/": {**EDITORIAL, "staff": 200, "outsider": 200},
    "/admin/editorial/issue/": EDITORIAL,
    "/admin/editorial/issue/add/": EDITORIAL,
    "/admin/editorial/issue/{draft}/change/": EDITORIAL,
    "/admin/editorial/issue/{draft}/history/": EDITORIAL,
    "/admin/editorial/issue/{draft}/delete/": CHIEF_ONLY,
    "/admin/editorial/issue/import-legacy/": EDITORIAL,
    "/admin/editorial/article/": EDITORIAL,
    "/admin/editorial/article/{article}/change/": EDITORIAL,
    "/admin/editorial/sourceorganization/": EDITORIAL,
    "/admin/editorial/submission/": EDITORIAL,
    "/admin/editorial/submission/statistics/": EDITORIAL,
    "/admin/editorial/issuetransition/": EDITORIAL,
    "/admin/taggit/tag/": EDITORIAL,
    "/admin/auth/user/": SUPERUSER_ONLY,
    "/admin/auth/group/": SUPERUSER_ONLY,
    "/admin/axes/accessattempt/": SUPERUSER_ONLY,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("address", ADMIN_PAGES)
def test_who_may_open_each_admin_page(client, users, world, role, address):
    draft = world["draft"]
    url = address.format(draft=draft.pk, article=article_of(draft).pk)

    response = client_for(client, users, role).get(url)

    assert response.status_code == ADMIN_PAGES[address][role]
    if role == "anonymous":
        assert response["Location"].startswith("/admin/login/")


# --- Admin actions, judged by what they change --------------------------------------------


def transition(state, step, comment=""):
    def act(client, world):
        issue = world[state]
        client.post(
            f"/admin/editorial/issue/{issue.pk}/transition/",
            {"transition": step, "comment": comment, "publish_at": ""},
        )
        return Issue.objects.get(pk=issue.pk).status

    return act


def delete_draft(client, world):
    issue = world["draft"]
    client.post(f"/admin/editorial/issue/{issue.pk}/delete/", {"post": "yes"})
    return Issue.objects.filter(pk=issue.pk).exists()


def edit_article(state):
    def act(client, world, form):
        article = article_of(world[state])
        client.post(f"/admin/editorial/article/{article.pk}/change/", form)
        return Article.objects.get(pk=article.pk).title

    return act


def merge_organizations(client, world):
    keep = SourceOrganization.objects.get(name="共同来源单位")
    other = SourceOrganization.objects.get(name="市总工会宣教部")
    client.post(
        "/admin/editorial/sourceorganization/",
        {
            "action": "merge_action",
            "_selected_action": [keep.pk, other.pk],
            "apply": "1",
            "target": keep.pk,
        },
    )
    return SourceOrganization.objects.filter(pk=other.pk).exists()


# action: (how, the outcome when allowed, the outcome when refused, roles allowed)
ACTIONS = {
    "submit a draft": (transition("draft", "submit"), "in_review", "draft", PREVIEWERS),
    "return to the editors": (
        transition("in_review", "return", "请修改"),
        "draft",
        "in_review",
        {"chief", "superuser"},
    ),
    "sign off": (
        transition("in_review", "approve"),
        "approved",
        "in_review",
        {"chief", "superuser"},
    ),
    "publish": (transition("approved", "publish"), "published", "approved", {"chief", "superuser"}),
    "withdraw": (
        transition("published", "withdraw", "有误"),
        "draft",
        "published",
        {"chief", "superuser"},
    ),
    "delete a draft": (delete_draft, False, True, {"chief", "superuser"}),
    "merge organizations": (merge_organizations, False, True, {"chief", "superuser"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_who_may_take_each_admin_action(client, users, world, role, action):
    act, if_allowed, if_refused, allowed = ACTIONS[action]

    outcome = act(client_for(client, users, role), world)

    assert outcome == (if_allowed if role in allowed else if_refused)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("state", "allowed"), [("draft", PREVIEWERS), ("approved", {"chief", "superuser"})]
)
def test_who_may_edit_an_article_in_each_state(client, users, world, role, state, allowed):
    client.force_login(users["superuser"])
    article = article_of(world[state])
    form = admin_form_data(client.get(f"/admin/editorial/article/{article.pk}/change/"))
    form["title"] = "改过的标题"
    client.logout()

    title = edit_article(state)(client_for(client, users, role), world, form)

    assert title == ("改过的标题" if role in allowed else STATES[state][1])


@pytest.mark.parametrize("role", ROLES)
def test_who_may_download_the_statistics_csv(client, users, world, role):
    response = client_for(client, users, role).get(
        "/admin/editorial/submission/statistics/",
        {"kind": "year", "year": 2012, "format": "csv"},
    )

    is_csv = response.get("Content-Type", "").startswith("text/csv")
    assert is_csv == (role in PREVIEWERS)
