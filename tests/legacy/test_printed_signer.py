"""The 签发人 printed on a back issue's cover is kept with the issue, signed with
it, and named on its masthead instead of whoever signed it off on import."""

import io

import docx
import pytest

from editorial.content.models import Issue
from editorial.output import printed, word
from editorial.workflow.signoff import has_unsigned_changes
from tests.factories import make_issue
from tests.legacy.test_import_command import run
from tests.legacy.word_files import BODY, Bulletin, cover
from tests.signing import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_cover(tmp_path):
    path = tmp_path / "signed.docx"
    path.write_bytes(
        cover(Bulletin())
        .line("签发人：赵某某")
        .lines(f"【工作动态】\n区工会召开座谈会\n{BODY}（区总工会）\n")
        .bytes()
    )
    return path


def test_the_signer_on_the_cover_is_kept_with_the_issue(signed_cover):
    run(signed_cover)
    assert Issue.objects.get().printed_signer == "赵某某"


def test_the_signer_option_overrides_the_cover(signed_cover):
    run(signed_cover, "--signer", "钱某某")
    assert Issue.objects.get().printed_signer == "钱某某"


def test_the_printed_signer_is_part_of_what_was_signed(signed_cover):
    run(signed_cover)
    assert Issue.objects.get().versions.get().content["printed_signer"] == "赵某某"


def test_the_masthead_names_the_printed_signer(client, signed_cover):
    run(signed_cover)
    page = visible_text(client.get(Issue.objects.get().get_absolute_url()))
    assert "签发人：赵某某" in page


def test_the_pdf_and_word_mastheads_name_the_printed_signer(signed_cover):
    run(signed_cover)
    shown = printed.signed_copy(Issue.objects.get().pk)
    assert printed.signer_line(shown) == "签发人：赵某某"
    document = docx.Document(io.BytesIO(word.render(shown)))
    assert "签发人：赵某某" in [paragraph.text for paragraph in document.paragraphs[:4]]


def test_without_a_printed_signer_the_pdf_and_word_name_whoever_signed_as_the_page_does(client):
    issue = make_issue()
    shown = printed.signed_copy(issue.pk)
    line = printed.signer_line(shown)
    assert line.startswith("签发人：") and len(line) > len("签发人：")
    assert line in visible_text(client.get(issue.get_absolute_url()))
    document = docx.Document(io.BytesIO(word.render(shown)))
    assert any(line in paragraph.text for paragraph in document.paragraphs[:6])


def test_without_a_printed_signer_the_masthead_names_the_chief_editor(client, chief, committed):
    from tests.signing import signed_and_published

    with committed():
        issue = signed_and_published(chief, year=2012, number=8)
    page = visible_text(client.get(issue.get_absolute_url()))
    assert "签发人：王建国" in page


def test_an_issue_signed_before_printed_signers_has_no_unsigned_change():
    issue = make_issue()
    content = issue.versions.get().content
    assert "printed_signer" not in content
    assert not has_unsigned_changes(issue)


def test_replacing_an_issue_with_a_file_without_a_signer_clears_it(tmp_path, signed_cover, chief):
    run(signed_cover, "--status", "draft")
    plain = tmp_path / "plain.docx"
    plain.write_bytes(
        cover(Bulletin()).lines(f"【工作动态】\n区工会召开座谈会\n{BODY}（区总工会）\n").bytes()
    )
    run(plain, "--status", "draft", "--replace", "--user", chief.username)
    assert Issue.objects.get().printed_signer == ""
