"""Friendly Chinese error pages, never a traceback; the 500 and 503 pages need no
database."""

import pytest
from django.test import Client, override_settings

from editorial.http.errors import server_error, service_unavailable
from tests.factories import make_user


@pytest.mark.django_db
def test_unknown_issue_gives_the_chinese_404_page(client):
    response = client.get("/bulletin/issues/1999/9/")

    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.django_db
def test_staff_without_permission_gets_the_chinese_403_page(client):
    client.force_login(make_user("reader", staff=True))

    response = client.get("/admin/editorial/issue/")

    assert response.status_code == 403
    assert "无权访问" in response.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.site.failing_urls")
def test_unexpected_error_gives_the_chinese_500_page_without_details():
    client = Client(raise_request_exception=False)

    response = client.get("/broken/")

    page = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错" in page
    assert "secret detail" not in page
    assert "Traceback" not in page


@pytest.mark.django_db
def test_server_error_page_is_rendered_without_touching_the_database(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "服务器出错" in response.content.decode()


@pytest.mark.django_db
def test_unavailable_page_is_rendered_without_touching_the_database(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = service_unavailable(rf.get("/"))

    assert response.status_code == 503
    assert "暂时无法访问" in response.content.decode()
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
