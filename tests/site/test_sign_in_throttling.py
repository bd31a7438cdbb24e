"""Sign-in throttling (django-axes): repeated failed sign-ins for an account lock it
out at the address they came from, with a Chinese page; failures of an account from
many addresses lock it out everywhere; one person's failures never lock out the
colleagues who share the office's address. A correct password does not get through
during the lock; it lifts after the cool-off or when an administrator resets it."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from editorial.http.security import client_ip
from tests.factories import make_user

LOGIN = "/admin/login/"
LIMIT = settings.AXES_FAILURE_LIMIT
ACCOUNT_LIMIT = settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT


@pytest.fixture
def editor(db):
    return make_user("editor", staff=True)


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(
        LOGIN + "?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def fail_until_locked(client, username="editor", address="203.0.113.7"):
    for _ in range(LIMIT):
        sign_in(client, username, "wrong password", address)


def is_signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_a_wrong_password_below_the_limit_shows_the_login_form_again(client, editor):
    response = sign_in(client, "editor", "wrong password")

    assert response.status_code == 200
    assert not is_signed_in(client)


def test_repeated_failures_for_an_account_lock_it_out_with_a_chinese_page(client, editor):
    fail_until_locked(client)

    response = sign_in(client, "editor", "wrong password")

    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_correct_password_is_refused_while_locked_out(client, editor):
    fail_until_locked(client)

    response = sign_in(client, "editor", "pw-editor-2026")

    assert response.status_code == 429
    assert not is_signed_in(client)


def test_one_persons_failures_do_not_lock_out_colleagues_at_the_same_address(client, editor):
    make_user("chief", staff=True)
    fail_until_locked(client, "editor", address="203.0.113.9")

    response = sign_in(client, "chief", "pw-chief-2026", address="203.0.113.9")

    assert response.status_code == 302
    assert is_signed_in(client)


def test_many_accounts_failing_at_one_address_do_not_lock_it(client, editor):
    for number in range(LIMIT):
        sign_in(client, f"guess{number}", "wrong password", address="203.0.113.9")

    response = sign_in(client, "editor", "pw-editor-2026", address="203.0.113.9")

    assert response.status_code == 302
    assert is_signed_in(client)


def test_an_account_locked_at_one_address_signs_in_from_another(client, editor):
    fail_until_locked(client, "editor", address="203.0.113.7")

    response = sign_in(client, "editor", "pw-editor-2026", address="192.0.2.200")

    assert response.status_code == 302
    assert is_signed_in(client)


def test_an_account_attacked_from_many_addresses_is_locked_everywhere(client, editor):
    for number in range(ACCOUNT_LIMIT):
        sign_in(client, "editor", "wrong password", address=f"198.51.100.{number + 1}")

    response = sign_in(client, "editor", "pw-editor-2026", address="192.0.2.200")

    assert response.status_code == 429
    assert "多个地址" in response.content.decode()
    assert not is_signed_in(client)


def test_below_the_accounts_limit_failures_from_many_addresses_do_not_lock_it(client, editor):
    for number in range(ACCOUNT_LIMIT - 1):
        sign_in(client, "editor", "wrong password", address=f"198.51.100.{number + 1}")

    response = sign_in(client, "editor", "pw-editor-2026", address="192.0.2.200")

    assert response.status_code == 302


def test_other_accounts_from_other_addresses_are_not_affected(client, editor):
    make_user("chief", staff=True)
    fail_until_locked(client, "editor", "203.0.113.7")

    response = sign_in(client, "chief", "pw-chief-2026", address="192.0.2.50")

    assert response.status_code == 302
    assert is_signed_in(client)


def test_sign_in_works_again_after_the_cool_off(client, editor):
    fail_until_locked(client)
    # Let the cool-off pass: the failures happened longer ago than it lasts.
    cool_off = timedelta(hours=settings.AXES_COOLOFF_TIME)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - cool_off - timedelta(minutes=1)
        )

    response = sign_in(client, "editor", "pw-editor-2026")

    assert response.status_code == 302
    assert is_signed_in(client)


def test_administrator_can_unlock_an_account_before_the_cool_off(client, editor):
    fail_until_locked(client)

    call_command("axes_reset_username", "editor")
    call_command("axes_reset_ip", "203.0.113.7")

    assert sign_in(client, "editor", "pw-editor-2026").status_code == 302


def test_client_address_is_the_peer_when_no_proxy_is_trusted():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")

    assert client_ip(request) == "10.0.0.5"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_client_address_comes_from_our_proxy_and_forged_entries_are_ignored():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )

    assert client_ip(request) == "203.0.113.7"
