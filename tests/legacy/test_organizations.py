"""Source names: 市总 expansion, shared prefixes, credits, names that stay distinct."""

import pytest

from editorial.naming import canonical_name, is_organization, split_attribution


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("市总宣教部", "市总工会宣教部"),
        ("市总工会宣教部", "市总工会宣教部"),
        ("市总", "市总工会"),
        ("市总工会", "市总工会"),
        ("常熟市总工会", "常熟市总工会"),
        ("太仓市总", "太仓市总工会"),
        ("吴中区总工会", "吴中区总工会"),
        ("苏州高新区工会", "苏州高新区工会"),
        ("中核苏阀工会", "中核苏阀工会"),
        ("市总 宣教部", "市总工会宣教部"),
    ],
)
def test_canonical_name(written, canonical):
    assert canonical_name(written) == canonical


def test_short_and_long_forms_are_the_same_department():
    assert canonical_name("市总宣教部") == canonical_name("市总工会宣教部")


@pytest.mark.parametrize(
    ("written", "sources"),
    [
        ("市总宣教部、研究室", ["市总工会宣教部", "市总工会研究室"]),
        ("市总办公室、研究室", ["市总工会办公室", "市总工会研究室"]),
        ("市总生活部、女工部", ["市总工会生活部", "市总工会女工部"]),
        ("市总工会宣教部、研究室", ["市总工会宣教部", "市总工会研究室"]),
        ("常熟市总工会、研究室", ["常熟市总工会", "常熟市总工会研究室"]),
        ("市总宣教部、常熟市总工会", ["市总工会宣教部", "常熟市总工会"]),
        ("市总组织部、吴江市总工会", ["市总工会组织部", "吴江市总工会"]),
    ],
)
def test_shared_prefix_lists_name_several_units(written, sources):
    attribution = split_attribution(written)
    assert attribution.sources == sources
    assert attribution.credit == ""


def test_renamed_department_stays_distinct():
    merged = split_attribution("市总生活女工部").sources
    separate = split_attribution("市总生活部、女工部").sources
    assert merged == ["市总工会生活女工部"]
    assert not set(merged) & set(separate)


def test_compiled_contributions_are_a_credit():
    attribution = split_attribution("综合来稿")
    assert (attribution.sources, attribution.credit) == ([], "综合来稿")


def test_organization_and_credit_together():
    attribution = split_attribution("市总宣教部、综合来稿")
    assert (attribution.sources, attribution.credit) == (["市总工会宣教部"], "综合来稿")


def test_bare_short_form_is_the_city_federation():
    assert split_attribution("市总").sources == ["市总工会"]


def test_written_forms_keep_the_short_prefix_for_aliases():
    attribution = split_attribution("市总宣教部、研究室")
    assert attribution.written == ["市总宣教部", "市总研究室"]


def test_repeated_unit_is_listed_once():
    assert split_attribution("市总宣教部、市总工会宣教部").sources == ["市总工会宣教部"]


@pytest.mark.parametrize("name", ["市总工会", "苏州高新区工会", "市委宣传部", "人事局"])
def test_organizations_are_recognized(name):
    assert is_organization(name)


@pytest.mark.parametrize("name", ["综合来稿", "张三", "本刊综合"])
def test_non_organizations_are_recognized(name):
    assert not is_organization(name)
