"""The signed issue as a print-ready PDF: a 红头 bulletin after GB/T 9704, read
back with poppler's pdftotext and pdffonts, and served by the issue page's
reading rule."""

import re
import subprocess

import pytest
from django.urls import reverse

from editorial.content.models import Article, Issue
from editorial.output import files
from editorial.workflow import errata
from editorial.workflow import transitions as workflow
from tests.factories import make_issue
from tests.output.conftest import BRIEFS, HEADLINE_SECTIONS, headlines, pdf_pages, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("poppler", "cjk_fonts")]

PDF = reverse("editorial:issue_pdf", args=["bulletin", 2012, 8])


def fetch(client, path=PDF, **headers):
    return client.get(path, **headers)


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_the_pdf_shows_the_masthead_number_publisher_and_date(client, long_issue):
    text = pdf_text(fetch(client).content, first=1)
    assert "工会工作简报" in text
    assert "第8期（总第123期）" in text
    assert "市总工会办公室" in text
    assert "2012年4月25日" in text


def test_the_pdf_holds_every_headline_and_section(client, long_issue):
    text = pdf_text(fetch(client).content)
    for name in (*HEADLINE_SECTIONS, BRIEFS):
        assert f"【{name}】" in text
    for title in headlines(long_issue):
        assert title in text


def test_briefs_open_with_a_bullet_and_sources_stand_in_full_width_parentheses(client, long_issue):
    text = pdf_text(fetch(client).content)
    assert "●简讯文章1：市总工会开展送温暖活动。" in text
    assert "（市总工会宣教部）" in text


def test_the_colophon_lists_the_distribution_and_print_run_on_the_last_page(client, long_issue):
    data = fetch(client).content
    pages = pdf_pages(data)
    last = pdf_text(data, first=pages)
    assert "本期印发：全总办公厅、省总工会" in last
    assert "共印300份" in last
    assert "本期印发" not in pdf_text(data, first=1, last=pages - 1)


def test_every_page_is_numbered_at_its_foot(client, long_issue):
    data = fetch(client).content
    pages = pdf_pages(data)
    assert pages > 2
    for page in range(1, pages + 1):
        assert re.search(rf"—\s*{page}\s*—\s*$", pdf_text(data, first=page).strip()), page


def test_no_page_ends_with_a_headline(client, long_issue):
    data = fetch(client).content
    titles = {*headlines(long_issue), *(f"【{name}】" for name in (*HEADLINE_SECTIONS, BRIEFS))}
    for page in range(1, pdf_pages(data)):
        printed = [line for line in lines(pdf_text(data, first=page)) if "—" not in line]
        assert printed[-1] not in titles, (page, printed[-3:])


def test_a_long_issue_lists_its_contents_and_a_one_page_issue_does_not(client, long_issue):
    assert "本期要目" in pdf_text(fetch(client).content, first=1)
    make_issue(year=2012, number=9)
    short = fetch(client, reverse("editorial:issue_pdf", args=["bulletin", 2012, 9])).content
    assert pdf_pages(short) == 1
    assert "本期要目" not in pdf_text(short)


def test_every_font_is_embedded_and_subset(client, long_issue):
    report = subprocess.run(
        ["pdffonts", "-"], input=fetch(client).content, capture_output=True, check=True
    ).stdout.decode()
    fonts = report.splitlines()[2:]
    assert fonts
    for font in fonts:
        name, *_, embedded, subset, _unicode, _object, _generation = font.split()
        assert (embedded, subset) == ("yes", "yes"), font
        assert re.match(r"[A-Z]{6}\+(Noto|Fandol)", name), font


def test_the_pdf_declares_itself_pdf_a_for_the_archive(client, long_issue, tmp_path):
    path = tmp_path / "issue.pdf"
    path.write_bytes(fetch(client).content)
    metadata = subprocess.run(
        ["pdfinfo", "-meta", str(path)], capture_output=True, check=True
    ).stdout.decode()
    assert re.search(r"pdfaid:part[>=\"']+2", metadata), metadata
    assert re.search(r"pdfaid:conformance[>=\"']+B", metadata), metadata


def test_a_correction_is_printed_as_a_note(client, long_issue, chief):
    article = Article.objects.filter(section__issue=long_issue).order_by("pk").first()
    errata.attach(article, wrong="二〇〇七年", right="二〇〇八年", user=chief)
    assert "更正：文中“二〇〇七年”应为“二〇〇八年”。" in pdf_text(fetch(client).content)


# --- Kept and served -----------------------------------------------------------------------


def test_the_pdf_is_rendered_once_and_served_from_storage(client, long_issue, monkeypatch):
    rendered = []
    render = files.RENDERERS["pdf"]
    monkeypatch.setitem(files.RENDERERS, "pdf", lambda *a, **k: rendered.append(1) or render(*a))
    first = fetch(client)
    second = fetch(client)
    assert first.content == second.content
    assert len(rendered) == 1


def test_the_pdf_answers_a_matching_etag_with_not_modified(client, long_issue):
    first = fetch(client)
    assert first["Content-Type"] == "application/pdf"
    again = fetch(client, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_a_new_sign_off_gives_a_new_pdf(client, long_issue, chief):
    before = fetch(client)
    article = Article.objects.filter(section__issue=long_issue).order_by("pk").first()
    article.title = "重新签发的标题"
    article.save()
    workflow.resign(long_issue, chief, comment="标题修改")
    after = fetch(client)
    assert after["ETag"] != before["ETag"]
    assert "重新签发的标题" in pdf_text(after.content)


def test_a_supplement_has_its_pdf_at_its_own_address(client, db):
    make_issue(series=Issue.Series.SUPPLEMENT, year=2012, number=1)
    response = fetch(client, reverse("editorial:supplement_pdf", args=["bulletin", 2012, 1]))
    assert response.status_code == 200
    assert "增刊第1期" in pdf_text(response.content)


# --- Who gets it -------------------------------------------------------------------------


def test_a_draft_has_no_pdf_even_for_an_editor(client, editor):
    make_issue(year=2012, number=8, status=Issue.Status.DRAFT)
    assert fetch(client).status_code == 404
    client.force_login(editor)
    assert fetch(client).status_code == 404


def test_an_internal_issue_asks_an_anonymous_reader_to_sign_in(client, db):
    make_issue(year=2012, number=8, visibility=Issue.Visibility.INTERNAL)
    response = fetch(client)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_an_internal_issue_gives_no_pdf_to_a_unit_off_its_list(client, outsider):
    make_issue(year=2012, number=8, visibility=Issue.Visibility.INTERNAL)
    client.force_login(outsider)
    response = fetch(client)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")


def test_an_internal_issue_gives_its_pdf_to_a_unit_on_its_list(client, listed_reader):
    make_issue(year=2012, number=8, visibility=Issue.Visibility.INTERNAL)
    client.force_login(listed_reader)
    response = fetch(client)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_the_issue_page_links_its_pdf_and_word_file(client, long_issue):
    page = client.get(long_issue.get_absolute_url()).content.decode()
    assert f'href="{PDF}"' in page
    assert f'href="{reverse("editorial:issue_docx", args=["bulletin", 2012, 8])}"' in page


# --- The editors' preview --------------------------------------------------------------------


def test_an_editor_previews_a_draft_as_pdf_in_the_admin(client, editor):
    issue = make_issue(year=2012, number=8, status=Issue.Status.DRAFT)
    Article.objects.filter(section__issue=issue).update(title="草稿标题")
    client.force_login(editor)
    page = client.get(reverse("admin:editorial_issue_change", args=[issue.pk])).content.decode()
    preview_url = reverse("admin:editorial_issue_preview_pdf", args=[issue.pk])
    assert preview_url in page
    response = client.get(preview_url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "草稿标题" in pdf_text(response.content)


def test_a_reader_gets_no_preview_pdf(client, listed_reader):
    issue = make_issue(year=2012, number=8, status=Issue.Status.DRAFT)
    client.force_login(listed_reader)
    response = client.get(reverse("admin:editorial_issue_preview_pdf", args=[issue.pk]))
    assert response.status_code in (302, 403)


def test_the_admin_page_of_a_signed_issue_links_its_pdf_and_word_file(client, long_issue, chief):
    client.force_login(chief)
    page = client.get(reverse("admin:editorial_issue_change", args=[long_issue.pk]))
    body = page.content.decode()
    assert f'href="{PDF}"' in body
    assert f'href="{reverse("editorial:issue_docx", args=["bulletin", 2012, 8])}"' in body
