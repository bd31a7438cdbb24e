"""A deployment never serves pages rendered by the release before it."""

from pathlib import Path

from django.conf import settings

from newsletter import release
from newsletter.settings import _cache_from_url


def _project(tmp_path: Path) -> Path:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "base.html").write_text("<title>简报</title>", encoding="utf-8")
    (tmp_path / "editorial").mkdir()
    (tmp_path / "editorial" / "views.py").write_text("VIEW = 1\n", encoding="utf-8")
    return tmp_path


def test_the_fingerprint_changes_with_a_template_and_with_code(tmp_path):
    project = _project(tmp_path)
    first = release.fingerprint(project)
    assert release.fingerprint(project) == first  # the same files, the same release

    (project / "templates" / "base.html").write_text("<title>工作简报</title>", encoding="utf-8")
    second = release.fingerprint(project)
    assert second != first

    (project / "editorial" / "views.py").write_text("VIEW = 2\n", encoding="utf-8")
    assert release.fingerprint(project) not in {first, second}


def test_compiled_python_files_do_not_change_the_release(tmp_path):
    project = _project(tmp_path)
    first = release.fingerprint(project)
    (project / "editorial" / "__pycache__").mkdir()
    (project / "editorial" / "__pycache__" / "views.cpython-311.pyc").write_bytes(b"\0" * 16)
    assert release.fingerprint(project) == first


def test_shared_cache_keys_carry_the_release():
    redis = _cache_from_url("redis://127.0.0.1:6379/0")
    assert redis["KEY_PREFIX"] == f"bulletin:{settings.RELEASE}"
