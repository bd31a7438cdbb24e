"""How a person is named (``editorial.content.people.person_name``)."""

from types import SimpleNamespace

from editorial.content.people import person_name


def account(username="wangjg", last_name="", first_name=""):
    return SimpleNamespace(username=username, last_name=last_name, first_name=first_name)


def test_a_chinese_name_is_family_name_then_given_name_with_no_space():
    assert person_name(account(last_name="王", first_name="建国")) == "王建国"


def test_a_compound_family_name_keeps_its_order():
    assert person_name(account(last_name="欧阳", first_name="修")) == "欧阳修"


def test_a_western_name_is_in_its_usual_order():
    assert person_name(account(last_name="Smith", first_name="John")) == "John Smith"


def test_an_account_without_a_name_is_not_named_by_its_login():
    assert person_name(account("chief")) == "（未设置姓名）"


def test_the_masthead_may_ask_for_nothing_when_no_name_is_set():
    assert person_name(account("chief"), unset="") == ""


def test_only_a_family_name_is_named():
    assert person_name(account(last_name="陈")) == "陈"
