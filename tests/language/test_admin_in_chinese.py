"""Every admin page an editor or a chief editor can open speaks Chinese.

The crawl signs in as each role and starts from the admin index, every
registered model's change list and add form, the change form and history of
objects of each model, and every other named page of the admin's URL patterns
that takes no argument or only an object's id (so a page added later is
visited without touching this file). From each page it follows the links that
stay in the admin, a few addresses per URL name. On each HTML page it reads
the interface text — text between tags, and the labels in ``title``,
``placeholder``, ``aria-label``, ``alt`` and button values — and fails on any
English word. Data is not interface: form field values, text areas, the
people's login names and e-mail addresses are left out.
"""

import re
from collections import defaultdict, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlencode, urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import Resolver404, URLPattern, resolve, reverse

from editorial.content.models import Issue
from tests.factories import make_issue
from tests.workflow.helpers import admin_form_data

# Words that read the same in a Chinese interface: file formats and the like.
NOT_ENGLISH = {
    "PDF",
    "CSV",
    "XLSX",
    "DOCX",
    "Word",
    "Excel",
    "RSS",
    "URL",
    "UTF",
    "GB",
    "BOM",
    "KB",
    "MB",
    "txt",
    "doc",
    "docx",
}
# Not pages for people to read (a GET changes nothing anywhere: the crawl may open all).
NOT_PAGES = {"logout", "jsi18n", "autocomplete", "view_on_site"}
PER_URL_NAME = 3
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
LABEL_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


class InterfaceText(HTMLParser):
    """The text of a page a user reads as its interface, and the links it holds."""

    SKIPPED = {"script", "style", "textarea", "code", "pre"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[str] = []
        self._skipping = 0
        self._get_form: tuple[str, list] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.SKIPPED:
            self._skipping += 1
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        # A GET form (compare two versions, filter) is followed as submitted untouched.
        if tag == "form" and (attributes.get("method") or "get").lower() == "get":
            self._get_form = (attributes.get("action") or "", [])
        if tag == "input" and self._get_form and attributes.get("name"):
            kind = attributes.get("type", "text")
            if kind == "hidden" or (kind in ("radio", "checkbox") and "checked" in attributes):
                self._get_form[1].append((attributes["name"], attributes.get("value") or ""))
        for name in LABEL_ATTRIBUTES:
            if attributes.get(name):
                self.texts.append(attributes[name])
        if tag == "input" and attributes.get("type") in ("submit", "button", "reset"):
            self.texts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self._skipping:
            self._skipping -= 1
        if tag == "form" and self._get_form:
            action, fields = self._get_form
            self.links.append(f"{action}?{urlencode(fields)}")
            self._get_form = None

    def handle_data(self, data):
        if not self._skipping:
            self.texts.append(data)


def english_words(texts, data_values) -> list[str]:
    words = []
    for text in texts:
        for value in data_values:
            text = text.replace(value, " ")
        # Addresses, file paths and fingerprints are data too.
        text = re.sub(r"\S*[@/\\]\S*|\b[0-9a-f]{7,}\b", " ", text)
        words += [w for w in ENGLISH_WORD.findall(text) if w not in NOT_ENGLISH]
    return words


# --- What the crawl starts from ---------------------------------------------------------


def arguments(pattern: URLPattern) -> set[str]:
    return set(pattern.pattern.regex.groupindex) | (
        {"<positional>"}
        if pattern.pattern.regex.groups > len(pattern.pattern.regex.groupindex)
        else set()
    )


def starting_points(user) -> list[str]:
    urls = [reverse("admin:index")]
    request = RequestFactory().get(reverse("admin:index"))
    request.user = user
    for _model, model_admin in admin.site._registry.items():
        objects = list(model_admin.get_queryset(request).order_by("-pk")[:2])
        for pattern in model_admin.get_urls():
            if not isinstance(pattern, URLPattern) or not pattern.name:
                continue
            needs = arguments(pattern)
            if not needs:
                urls.append(reverse(f"admin:{pattern.name}"))
            elif needs == {"object_id"}:
                for obj in objects:
                    urls.append(reverse(f"admin:{pattern.name}", kwargs={"object_id": obj.pk}))
    for pattern in admin.site.get_urls():
        if isinstance(pattern, URLPattern) and pattern.name and not arguments(pattern):
            urls.append(reverse(f"admin:{pattern.name}"))
    return urls


def url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if "admin" not in match.namespaces:
        return None
    return match.url_name or match.route


def crawl(client: Client, user, data_values) -> dict[str, list[str]]:
    """The English words of each admin page ``user`` can open, by address."""
    found: dict[str, list[str]] = {}
    visits = defaultdict(int)
    queue = deque(starting_points(user))
    seen = set()
    while queue:
        url = urldefrag(queue.popleft())[0]
        if url in seen or not url.startswith("/admin/"):
            continue
        seen.add(url)
        name = url_name(urlsplit(url).path)
        if name is None or name in NOT_PAGES:
            continue
        if visits[name] >= PER_URL_NAME:
            continue
        visits[name] += 1
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = InterfaceText()
        page.feed(response.content.decode())
        words = english_words(page.texts, data_values)
        if words:
            found[url] = sorted(set(words))
        for link in page.links:
            if link.startswith("?"):
                link = urlsplit(url).path + link
            if link.startswith("/admin/"):
                queue.append(link)
    return found


# --- The world the crawl walks through ---------------------------------------------------


@pytest.fixture
def workspace(samples, editor, chief):
    """The two sample issues (published, with their import's history), an issue
    in review, and a draft whose article an editor changed on its form (so that
    its history holds an admin change message)."""
    draft = make_issue(status=Issue.Status.DRAFT, year=2026, number=3)
    make_issue(status=Issue.Status.IN_REVIEW, year=2026, number=2)
    browser = Client()
    browser.force_login(editor)
    article = draft.sections.first().articles.first()
    url = reverse("admin:editorial_article_change", args=[article.pk])
    data = admin_form_data(browser.get(url))
    data["title"] = "改过的标题"
    assert browser.post(url, data).status_code == 302
    return draft


def data_values() -> list[str]:
    """People's login names and e-mail addresses (shown as data on some pages)."""
    values = []
    for person in get_user_model().objects.all():
        values += [person.username, person.email]
    return sorted({v for v in values if v}, key=len, reverse=True)


@pytest.mark.parametrize("role", ["editor", "chief"])
def test_every_admin_page_a_role_can_open_is_in_chinese(role, workspace, request):
    user = request.getfixturevalue(role)
    client = Client()
    client.force_login(user)
    found = crawl(client, user, data_values())
    report = "\n".join(f"{url}: {' '.join(words)}" for url, words in sorted(found.items()))
    assert not found, f"English on {len(found)} admin pages:\n{report}"
