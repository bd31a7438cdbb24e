"""`make run`'s demo: 苏州市总工会办公室 with 《工会工作简报》 (seed 002) and 常熟市总工会办公室
below it with its own bulletin (seed 000), an editor and a chief editor in each."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from editorial.content.models import Issue, SourceOrganization
from editorial.offices import access
from editorial.offices.models import Bulletin, Membership, Office

pytestmark = pytest.mark.django_db


def run_setup_demo() -> str:
    out = StringIO()
    call_command("setup_demo", stdout=out)
    return out.getvalue()


def state():
    return (
        sorted(Office.objects.values_list("name", "union__name", "parent__name", "host")),
        sorted(Bulletin.objects.values_list("slug", "name", "publisher", "cumulative_start")),
        sorted(Membership.objects.values_list("user__username", "office__name", "role")),
        sorted(Issue.objects.values_list("bulletin__slug", "year", "number", "title")),
    )


def test_two_offices_publish_a_bulletin_each_with_its_sample_issue():
    run_setup_demo()

    offices, bulletins, _members, issues = state()
    assert offices == [
        ("常熟市总工会办公室", "常熟市总工会", "苏州市总工会办公室", ""),
        ("苏州市总工会办公室", "苏州市总工会", None, ""),
    ]
    assert [slug for slug, *_ in bulletins] == ["bulletin", "changshu"]
    assert issues == [
        ("bulletin", 2012, 1, "工会工作简报"),
        ("changshu", 2007, 1, "常熟工会工作简报"),
    ]


def test_the_migrated_bulletin_becomes_suzhous_rather_than_a_third():
    migrated = Bulletin.objects.get(slug="bulletin")
    run_setup_demo()
    assert Bulletin.objects.count() == 2
    assert Bulletin.objects.get(pk=migrated.pk).office.name == "苏州市总工会办公室"


def test_each_office_has_an_editor_and_a_chief_editor_with_a_chinese_name():
    output = run_setup_demo()
    users = get_user_model().objects
    changshu = Office.objects.get(name="常熟市总工会办公室")
    suzhou = Office.objects.get(name="苏州市总工会办公室")

    for username, name, office, other in (
        ("editor", "李敏", suzhou, changshu),
        ("chief", "王建国", suzhou, changshu),
        ("cs-editor", "周静", changshu, suzhou),
        ("cs-chief", "顾振华", changshu, suzhou),
    ):
        user = users.get(username=username)
        assert f"{user.last_name}{user.first_name}" == name
        assert user.check_password(f"{username}-demo-2026")
        assert f"{name}: {username} / {username}-demo-2026" in output
        assert access.allowed(user, "editorial.change_issue", office)
        assert not access.allowed(user, "editorial.change_issue", other)
    assert access.allowed(users.get(username="cs-chief"), "editorial.approve_issue", changshu)
    assert not access.allowed(users.get(username="cs-editor"), "editorial.approve_issue", changshu)


def test_running_it_twice_changes_nothing():
    run_setup_demo()
    before = state()

    run_setup_demo()

    assert state() == before


def test_the_officers_unit_reports_to_changshu_and_changshu_to_suzhou():
    run_setup_demo()

    units = dict(SourceOrganization.objects.values_list("name", "reports_to__name"))

    assert units["常熟市梅李镇总工会"] == "常熟市总工会办公室"
    assert units["常熟市总工会"] == "苏州市总工会办公室"
