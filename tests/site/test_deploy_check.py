"""`manage.py check --deploy` is clean with the production settings."""

import secrets
import subprocess

from tests.site.servers import MANAGE, PYTHON, REPO, production_env


def test_deploy_check_reports_no_issues_with_production_settings():
    env = production_env(SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="example.org")

    result = subprocess.run(
        [PYTHON, MANAGE, "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]

    result = subprocess.run(
        [PYTHON, MANAGE, "check"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
