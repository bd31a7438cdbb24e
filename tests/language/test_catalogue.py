"""The Chinese catalogue is complete and names things as an editorial office does."""

import shutil
import subprocess

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

from tests.conftest import missing

CATALOGUE = settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_every_string_is_translated_and_none_is_fuzzy():
    if not shutil.which("msgfmt"):
        missing("msgfmt is not installed: apt-get install gettext")
    result = subprocess.run(
        ["msgfmt", "--statistics", "--check", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
    )
    report = result.stderr.strip()
    assert result.returncode == 0, report
    assert report.endswith("translated messages."), report
    assert "untranslated" not in report and "fuzzy" not in report, report
    assert "warning" not in report, report


@pytest.mark.parametrize("model", list(apps.get_app_config("editorial").get_models()))
def test_every_model_is_named_in_chinese(model):
    with translation.override("zh-hans"):
        for name in (model._meta.verbose_name, model._meta.verbose_name_plural):
            assert not any("a" <= c.lower() <= "z" for c in str(name)), name


def test_articles_are_called_articles_not_a_count():
    from editorial.content.models import Article

    with translation.override("zh-hans"):
        assert str(Article._meta.verbose_name_plural) == "文章"
