"""Search spans every bulletin the reader may read, narrowed by bulletin or by
office; a bulletin's own search page searches that bulletin alone."""

import pytest
from django.urls import reverse

from tests.factories import default_bulletin
from tests.reading.conftest import CHANGSHU_HOST, changshu, titled  # noqa: F401

pytestmark = pytest.mark.django_db
SEARCH = reverse("editorial:search")


@pytest.fixture
def both(changshu, committed):  # noqa: F811
    with committed():
        titled(default_bulletin(), 2012, 1, "苏州劳模表彰大会召开")
        titled(changshu, 2012, 2, "常熟劳模事迹报告会举行")


def found(client, url, **params) -> list[str]:
    response = client.get(url, {"q": "劳模", **params})
    assert response.status_code == 200
    return sorted(hit.article.title for hit in response.context["hits"])


def test_search_spans_every_bulletin(client, both):
    assert found(client, SEARCH) == ["常熟劳模事迹报告会举行", "苏州劳模表彰大会召开"]


def test_search_narrowed_to_one_bulletin(client, both):
    assert found(client, SEARCH, bulletin="changshu") == ["常熟劳模事迹报告会举行"]
    assert found(client, SEARCH, bulletin="bulletin") == ["苏州劳模表彰大会召开"]


def test_search_narrowed_to_one_office(client, both, changshu):  # noqa: F811
    assert found(client, SEARCH, office=changshu.office_id) == ["常熟劳模事迹报告会举行"]
    suzhou = default_bulletin().office_id
    assert found(client, SEARCH, office=suzhou) == ["苏州劳模表彰大会召开"]


def test_the_form_offers_the_bulletins_and_offices_found(client, both):
    form = client.get(SEARCH).context["form"]
    assert [name for value, name in form.fields["bulletin"].choices if value] == [
        "工会工作简报",
        "常熟工会简报",
    ]
    offices = [name for value, name in form.fields["office"].choices if value]
    assert "常熟市总工会办公室" in offices and len(offices) == 2


def test_a_bulletins_search_page_searches_it_alone(client, both):
    url = reverse("editorial:bulletin_search", args=["changshu"])
    assert found(client, url) == ["常熟劳模事迹报告会举行"]
    form = client.get(url).context["form"]
    assert "bulletin" not in form.fields and "office" not in form.fields


def test_a_bulletin_of_another_host_is_no_choice(client, both, settings):
    settings.ALLOWED_HOSTS = ["testserver", CHANGSHU_HOST]
    for params in ({"q": "劳模"}, {"q": "劳模", "bulletin": "bulletin"}):
        response = client.get(SEARCH, params, HTTP_HOST=CHANGSHU_HOST)
        titles = [hit.article.title for hit in response.context["hits"]]
        assert titles == ["常熟劳模事迹报告会举行"], params


def test_one_bulletin_offers_no_bulletin_or_office(client, committed):
    with committed():
        titled(default_bulletin(), 2012, 1, "苏州劳模表彰大会召开")
    form = client.get(SEARCH).context["form"]
    assert "bulletin" not in form.fields and "office" not in form.fields
