"""Shared fixtures: database vendor checks and a real headless Chromium.

Under CI=true a test that needs PostgreSQL or Chromium fails when they are
missing; on a developer's machine it is skipped with a clear message.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() == "true"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--window-size=1280,1600",
]


def missing(reason: str):
    """Fail under CI, skip on a laptop."""
    if IN_CI:
        pytest.fail(f"{reason} (required under CI=true)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _require_postgres(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        missing(
            "this test needs PostgreSQL: run it with DATABASE_URL=postgres://… (make test does)"
        )


def _transactional(request) -> bool:
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        return True
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))


@pytest.fixture(autouse=True)
def _the_migrated_bulletin(request):
    """The office and bulletin migration 0025 makes, put back for a transactional
    test (the flush after the one before it removed them), as the roles are."""
    if _transactional(request):
        request.getfixturevalue("transactional_db")
        from tests.factories import default_bulletin

        default_bulletin()


@pytest.fixture(autouse=True)
def _kept_files_of_its_own(settings, tmp_path):
    """Files the site keeps (an issue's PDF...) go to a storage of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (rendered pages are cached), and without
    anything this process kept in memory from it."""
    from django.core.cache import cache

    from editorial.reading import caching

    cache.clear()
    caching.forget_all()
    yield
    cache.clear()
    caching.forget_all()


def _find(*candidates):
    for candidate in candidates:
        path = shutil.which(candidate) or (candidate if Path(candidate).exists() else None)
        if path:
            return path
    return None


@pytest.fixture(scope="session")
def chromium_paths():
    browser = _find(os.environ.get("CHROMIUM_BINARY", ""), "chromium", "/usr/bin/chromium")
    driver = _find(os.environ.get("CHROMEDRIVER", ""), "chromedriver", "/usr/bin/chromedriver")
    if not browser or not driver:
        missing("headless Chromium is not installed: apt-get install chromium chromium-driver")
    return browser, driver


@pytest.fixture
def browser(chromium_paths, request):
    """A fresh headless Chromium (Debian's packages), driven by Selenium."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser_path, driver_path = chromium_paths
    profile = tempfile.mkdtemp(prefix="bulletin-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = browser_path
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--lang=zh-CN")
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.implicitly_wait(5)
    yield driver
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / f"failure-{request.node.name}.png"))
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def artifacts_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# --- People and data most tests share --------------------------------------------------
# A folder's conftest may give a name its own meaning (tests/reading: ``editor`` is an
# editor previewing the reading site; ``staff`` a reader of a listed unit).


@pytest.fixture(autouse=True)
def _quick_password_hashing(request, settings):
    """Passwords hashed in a blink, except for tests whose servers run in other
    processes with production's hashers (``@pytest.mark.production_hashers``)."""
    if request.node.get_closest_marker("production_hashers") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for a commit (e-mails, index and cache upkeep) as production does.

    Usage: ``with committed(): ...``.
    """

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def roles(db):
    """The 编辑 and 签发人 groups with every permission the migrations give them
    (put back after a transactional test's flush, as the migrations do)."""
    from tests.signing import setup_roles

    setup_roles()


@pytest.fixture
def editor(roles):
    from tests.factories import make_user

    return make_user("editor", staff=True, groups=["编辑"], email="editor@example.org")


@pytest.fixture
def chief(roles):
    from tests.factories import make_user

    return make_user(
        "chief",
        staff=True,
        groups=["签发人"],
        email="chief@example.org",
        last_name="王",
        first_name="建国",
    )


@pytest.fixture
def seeded_synonyms(db):
    """The synonym groups migration 0006 seeds (gone after a transactional test's flush)."""
    from django.apps import apps

    from editorial.search.models import SynonymGroup
    from tests.signing import BEYOND_MIGRATION

    if not SynonymGroup.objects.exists():
        BEYOND_MIGRATION.seed_synonyms(apps, None)


@pytest.fixture
def listed_reader(db):
    """Staff of 省总工会, a unit on the factories' distribution lists."""
    from tests.factories import LISTED, member_of

    return member_of(LISTED, "listed", first_name="李四")


@pytest.fixture
def outsider(db):
    """Staff of a unit that is on no list."""
    from tests.factories import UNLISTED, member_of

    return member_of(UNLISTED, "outsider")


@pytest.fixture
def samples(db, committed):
    """The two real sample issues (2007 and 2012), imported as the importer does."""
    from django.conf import settings
    from django.core.management import call_command

    from editorial.content.models import Issue

    with committed():
        call_command("import_legacy", str(settings.BASE_DIR / "seeds"), verbosity=0)
    return {issue.year: issue for issue in Issue.objects.all()}


@pytest.fixture
def media(settings, tmp_path):
    """Stored files (pictures of articles) go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
