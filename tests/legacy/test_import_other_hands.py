"""Importing files typed by other hands: people never become organizations, and the
organizations the office knows are recognised by name."""

import pytest

from editorial.content.models import Article, SourceOrganization
from tests.legacy.test_import_command import run

pytestmark = pytest.mark.django_db

BODY = "区总工会日前召开基层工会主席座谈会，听取各企业工会对下半年工作的意见和建议，并作具体部署。"


def test_reporters_named_in_attributions_are_not_stored_as_organizations(tmp_path):
    path = tmp_path / "2013_05.txt"
    path.write_text(f"【工作动态】\n区工会召开座谈会\n{BODY}（市总新闻宣传中心 王某某）\n")
    run(path)
    names = list(SourceOrganization.objects.values_list("name", flat=True))
    assert names == ["市总工会新闻宣传中心"]
    assert Article.objects.get().byline == "王某某"


def test_an_organization_the_office_knows_is_a_source_whatever_its_name(tmp_path):
    known = SourceOrganization.objects.create(name="富士康")
    path = tmp_path / "2013_06.txt"
    path.write_text(f"【工作动态】\n区工会召开座谈会\n{BODY}（富士康）\n")
    run(path)
    assert list(Article.objects.get().source_links.values_list("organization", flat=True)) == [
        known.pk
    ]
