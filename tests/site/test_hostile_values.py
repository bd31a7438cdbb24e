"""No address answers a server error, whatever values it is given.

The resolver is walked for every URL pattern of the site — the reading site, the
officers' pages, the sign-in page, and the admin with every ModelAdmin's change
list, add, change, delete and history pages and every custom admin view — so a
pattern added later is fuzzed without touching this file. Each pattern is asked
for as anonymous, a reader, an officer, an editor and a chief editor:

- with each of its path values replaced, one at a time, by a hostile value
  (non-numeric, an integer beyond 64 bits, overlong Chinese, NUL; a model
  admin's own object pages, which share Django's code, get the first two), the
  others valid;
- with valid path values and hostile query strings: on a change list ``o``,
  ``p``, ``q``, ``id__in``, ``_to_field`` and each of its own filter parameters;
  elsewhere an empty ``_to_field`` and the names custom views read (with "²",
  which ``str.isdigit`` takes for a digit and ``int`` refuses), by GET;
- with valid path values and hostile forms, by POST: a change list's actions, an
  add or change page's foreign keys, and elsewhere the fields custom views read
  (the 催报 reminder's ``unit``, the issue page's ``move`` and ``order``...).

Each answer may be anything but a 5xx: a 400, 403, 404 or a form that says what is
wrong. The cases are a fixed list, the same on every run and on both databases;
each request runs in a savepoint rolled back after it, so no case changes what the
next one meets.
"""

import re
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from editorial.content.models import Article, Issue, SourceOrganization
from editorial.submissions.models import Attachment, Submission
from tests.factories import LISTED, make_issue, member_of
from tests.submissions.conftest import officer_of, photo

ROLES = ("anonymous", "reader", "officer", "editor", "chief")

BEYOND_64_BITS = "1" + "0" * 30
HOSTILE_PATH_VALUES = ("abc", BEYOND_64_BITS, "名" * 300, "\x00")
# The model admins' own object pages share Django's code: fewer values suffice.
HOSTILE_OBJECT_IDS = ("abc", BEYOND_64_BITS)
# In queries and forms, "²" stands for a value str.isdigit() takes for a digit and int() refuses.
HOSTILE_QUERIES = (
    {"_to_field": ""},
    {
        "_to_field": "password",
        "_popup": "1",
        "a": BEYOND_64_BITS,
        "b": "abc",
        "page": BEYOND_64_BITS,
        "section": "²",
        "series": "名字",
        "year": "abc",
        "number": BEYOND_64_BITS,
        "kind": "\x00",
        "format": "名字",
        "q": "\x00",
    },
)
CHANGE_LIST_QUERIES = (
    {"o": "abc.-99999.9", "p": BEYOND_64_BITS, "q": "\x00"},
    {"p": "abc", "q": "名" * 300},
    {"id__in": f"1,{BEYOND_64_BITS}"},
    {"_to_field": ""},
    {"_to_field": "password", "_popup": "1"},
)
HOSTILE_ACTIONS = (
    {"action": "delete_selected", "_selected_action": BEYOND_64_BITS},
    {"action": "名字", "_selected_action": "abc", "index": "abc"},
)
# The model form of an add or change page: foreign keys by their usual names.
HOSTILE_MODEL_FORM = {
    "unit": "abc",
    "parent": BEYOND_64_BITS,
    "section": "²",
    "issue": BEYOND_64_BITS,
    "name": "\x00",
}
HOSTILE_FORMS = (
    {"unit": "abc", "kind": "month", "year": "2026", "number": "1"},
    {"unit": BEYOND_64_BITS, "kind": "名字", "year": "abc", "number": BEYOND_64_BITS},
    {"move": f"article:{BEYOND_64_BITS}:up", "order": "abc,²", "kind": "article", "section": "²"},
    {"move": "section:²:down", "kind": "section", "order": BEYOND_64_BITS, "subscribe": "\x00"},
    {"_to_field": "", "section": BEYOND_64_BITS, "name": "\x00", "title": "名" * 300},
)
# Signing out would end the session the rest of the cases use.
NOT_FUZZED = {"logout"}


# --- The patterns ---------------------------------------------------------------------


def url_patterns(patterns=None, prefix="", namespace=None):
    """(route template, namespace, name) of every pattern; a template holds one
    ``{name}`` slot per path value (``{arg0}``, ``{arg1}``... for unnamed regex groups)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(
                pattern.url_patterns,
                prefix + template_of(pattern),
                pattern.namespace or namespace,
            )
        elif isinstance(pattern, URLPattern) and pattern.name not in NOT_FUZZED:
            yield prefix + template_of(pattern), namespace, pattern.name


def template_of(pattern) -> str:
    route = str(pattern.pattern)
    if route.startswith("^") or route.endswith("$"):
        unnamed = iter(range(10))
        route = re.sub(
            r"\((?:\?P<(\w+)>)?[^()]*\)",
            lambda group: "{%s}" % (group[1] or f"arg{next(unnamed)}"),
            route,
        )
        return route.strip("^$").replace("\\", "")
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def slots(template: str) -> list[str]:
    return re.findall(r"\{(\w+)\}", template)


# --- The world the cases meet ------------------------------------------------------------


@pytest.fixture
def world(roles, editor, chief, client, committed):
    """A published issue with a tagged article, a draft, an officer's submission with a
    photo, and one user of each role."""
    with committed():
        published = make_issue(year=2012, number=1)
        make_issue(year=2026, number=7, status=Issue.Status.DRAFT)
    article = Article.objects.filter(section__issue=published).first()
    article.tags.add("职工书屋")
    officer = officer_of("常熟市总工会", "officer")
    client.force_login(officer)
    client.post(
        reverse("submissions:create"),
        {
            "title": "金秋助学活动",
            "body": "第一段。",
            "suggested_kind": "article",
            "authors": "张三",
            "contact_phone": "0512-52000000",
            "attachments": [photo()],
        },
    )
    submission = Submission.objects.get()
    return {
        "users": {
            "anonymous": None,
            "reader": member_of(LISTED, "reader"),
            "officer": officer,
            "editor": editor,
            "chief": chief,
        },
        "valid": {
            "year": published.year,
            "number": published.number,
            "issue_id": published.pk,
            "attachment_pk": Attachment.objects.get().pk,
            "content_type_id": ContentType.objects.get_for_model(Issue).pk,
            "slug": article.tags.get().slug,
            "name": article.section.name,
            "section": "issues",
            "bulletin": published.bulletin.slug,
            "app_label": "editorial",
            "id": editor.pk,
        },
        "pk": {
            "editorial": article.pk,
            "submissions": submission.pk,
            "admin": submission.pk,
        },
        "source": SourceOrganization.objects.first().pk,
        "published": published,
    }


def model_of(template: str):
    """The model of an admin page's address (admin/<app>/<model>/...), if any."""
    parts = template.split("/")
    if len(parts) > 3 and parts[0] == "admin":
        try:
            return apps.get_model(parts[1], parts[2])
        except LookupError:
            return None
    return None


def valid_values(world, template, namespace, name) -> dict:
    values = dict(world["valid"])
    values["pk"] = world["pk"].get(namespace, 1)
    if name == "source_detail":
        values["pk"] = world["source"]
    model = model_of(template)
    instance = model._default_manager.order_by("pk").first() if model else None
    values["object_id"] = instance.pk if instance else world["published"].pk
    if name == "view_on_site":
        values["object_id"] = world["published"].pk
    values["arg0"] = values["object_id"]
    values["arg1"] = 1
    values["path"] = "ab/" + "ab" * 32 + ".png"
    values["token"] = "abc"
    values["url"] = "editorial/nothing/"
    return values


def fill(template: str, values: dict) -> str:
    quoted = {key: quote(str(value), safe="") for key, value in values.items()}
    return "/" + template.format(**quoted)


def filter_parameters(template: str, user) -> list[str]:
    """The query parameters the change list of an admin page's model filters by."""
    model = model_of(template)
    if (
        model is None
        or model not in admin.site._registry
        or not template.endswith(f"{model._meta.model_name}/")
    ):
        return []
    request = RequestFactory().get("/")
    request.user = user
    model_admin = admin.site._registry[model]
    changelist = model_admin.get_changelist_instance(request)
    return sorted({name for spec in changelist.filter_specs for name in spec.expected_parameters()})


OBJECT_PAGES = re.compile(r"\{object_id\}/((change|delete|history)/)?$")
FORM_PAGES = re.compile(r"(add|\{object_id\}/change)/$")


def cases(world, chief):
    """(method, address, data) of every case, in a fixed order."""
    for template, namespace, name in url_patterns():
        valid = valid_values(world, template, namespace, name)
        address = fill(template, valid)
        model = model_of(template)
        object_page = model is not None and bool(OBJECT_PAGES.search(template))
        form_page = model is not None and bool(FORM_PAGES.search(template))
        change_list = bool(name) and name.endswith("_changelist")
        for slot in slots(template):
            for value in HOSTILE_OBJECT_IDS if object_page else HOSTILE_PATH_VALUES:
                yield "get", fill(template, {**valid, slot: value}), None
        if change_list:
            for query in CHANGE_LIST_QUERIES:
                yield "get", f"{address}?{urlencode(query)}", None
            parameters = filter_parameters(template, chief)
            for parameter in parameters:
                yield "get", f"{address}?{urlencode({parameter: BEYOND_64_BITS})}", None
            if parameters:
                yield "get", f"{address}?{urlencode(dict.fromkeys(parameters, 'abc'))}", None
            for form in HOSTILE_ACTIONS:
                yield "post", address, form
            continue
        for query in HOSTILE_QUERIES:
            yield "get", f"{address}?{urlencode(query)}", None
        if form_page:
            yield "post", address, HOSTILE_MODEL_FORM
        elif not object_page:
            for form in HOSTILE_FORMS:
                yield "post", address, form


# --- The tests --------------------------------------------------------------------------


def test_the_walk_reaches_the_pages_of_every_part_of_the_site():
    names = {f"{namespace}:{name}" for _, namespace, name in url_patterns()}

    assert {
        "editorial:issue_detail",
        "editorial:article_picture",
        "submissions:attachment",
        "admin:editorial_issue_changelist",
        "admin:editorial_issue_change",
        "admin:editorial_issue_move",
        "admin:editorial_statistics_remind",
        "admin:axes_accessattempt_delete",
        "admin:auth_user_history",
    } <= names


@pytest.mark.parametrize("role", ROLES)
def test_no_address_answers_a_server_error_to_hostile_values(world, chief, role):
    client = Client()
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    failures = []
    for method, address, data in cases(world, chief):
        try:
            with transaction.atomic():
                response = getattr(client, method)(address, data)
                transaction.set_rollback(True)
        except Exception as error:  # every failure is reported, not only the first
            failures.append(f"{method.upper()} {address[:120]} {data}: {error!r:.200}")
            continue
        if response.status_code >= 500:
            failures.append(f"{method.upper()} {address[:120]} {data}: {response.status_code}")
    assert not failures, "\n".join(failures)
