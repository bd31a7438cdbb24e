"""What a production response carries: HSTS, no framing, a strict referrer policy, a
CSP without inline code on the reading site, secure cookies, and HTTPS enforced
through the proxy header. Checked against a real gunicorn with DEBUG off."""

import re

import pytest

from tests.site.servers import Browser

ISSUE_PAGE = "/bulletin/issues/2012/4/"


@pytest.fixture
def page(production_site):
    response = Browser().get(production_site.base_url + ISSUE_PAGE)
    assert response.status == 200, response.text[:500]
    return response


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def test_reading_page_tells_browsers_to_use_https_for_a_year(page):
    hsts = page.header("Strict-Transport-Security")

    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts


def test_reading_page_may_not_be_framed(page):
    assert page.header("X-Frame-Options") == "DENY"


def test_reading_page_sends_referrer_only_to_the_same_site(page):
    assert page.header("Referrer-Policy") == "same-origin"


def test_reading_page_forbids_content_type_sniffing(page):
    assert page.header("X-Content-Type-Options") == "nosniff"


def test_reading_site_csp_allows_no_inline_scripts_or_styles(page):
    directives = csp_directives(page.header("Content-Security-Policy"))

    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in page.header("Content-Security-Policy")


def test_reading_page_has_no_inline_script_or_style(page):
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.text)
    assert "<style" not in page.text
    assert " style=" not in page.text


def test_session_cookie_is_secure_and_hidden_from_scripts(production_site):
    response = Browser().sign_in(production_site.base_url, "editor", "pw-editor-2026")

    assert response.status == 302, response.text[:500]
    session = response.cookies()["sessionid"]
    assert "Secure" in session
    assert "HttpOnly" in session


def test_csrf_cookie_is_secure(production_site):
    response = Browser().get(production_site.base_url + "/admin/login/")

    assert "Secure" in response.cookies()["csrftoken"]


def test_plain_http_request_is_redirected_to_https(production_site):
    response = Browser(behind_tls_proxy=False).get(production_site.base_url + ISSUE_PAGE)

    assert response.status == 301
    assert response.header("Location") == f"https://127.0.0.1:{production_site.port}{ISSUE_PAGE}"


def test_request_the_proxy_marks_as_https_is_served(production_site):
    response = Browser(behind_tls_proxy=True).get(production_site.base_url + ISSUE_PAGE)

    assert response.status == 200


def test_static_files_are_served_with_hashed_names_and_cached_for_good(page, production_site):
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page.text)[1]

    response = Browser().get(production_site.base_url + stylesheet)

    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet)
    assert response.status == 200
    assert "immutable" in response.header("Cache-Control")


def test_unknown_host_is_refused_with_the_chinese_400_page(production_site):
    response = Browser().get(
        production_site.base_url + ISSUE_PAGE, headers={"Host": "evil.example"}
    )

    assert response.status == 400
    assert "请求无效" in response.text


def test_unknown_page_gives_the_chinese_404_page_and_no_debug_output(production_site):
    response = Browser().get(production_site.base_url + "/no-such-page/")

    assert response.status == 404
    assert "页面不存在" in response.text
    assert "Traceback" not in response.text
    assert "urlpatterns" not in response.text
