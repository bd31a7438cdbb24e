"""Hostile and damaged legacy files: each is refused alone with a one-line reason
naming what is wrong, before anything reads it whole; a batch holding them
imports the good files and names each bad one."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.management import CommandError, call_command

from editorial.content.models import Issue
from editorial.legacy.parser import LegacyFormatError
from editorial.legacy.word import parse_file
from tests.hostile import (
    BAD,
    EXTERNAL_ENTITY,
    FOOTNOTES,
    GOOD,
    MB,
    pictured,
    png_declaring,
    rewritten,
    with_footnotes,
    write_batch,
    zip_bomb,
)
from tests.legacy.word_files import BODY, Bulletin


def bulletin(headline="区工会召开座谈会") -> bytes:
    return Bulletin().lines(f"【工作动态】\n{headline}\n{BODY}（区总工会）\n").bytes()


def refusal(data: bytes, filename="x.docx") -> str:
    with pytest.raises(LegacyFormatError) as refused:
        parse_file(data, filename=filename)
    reason = str(refused.value)
    assert "\n" not in reason
    return reason


def test_truncated_footnotes_refuse_the_file_naming_them():
    reason = refusal(with_footnotes(bulletin(), FOOTNOTES[:-30]))
    assert "word/footnotes.xml" in reason and "脚注" in reason


def test_footnotes_declaring_an_external_entity_refuse_the_file():
    reason = refusal(with_footnotes(bulletin(), EXTERNAL_ENTITY))
    assert "word/footnotes.xml" in reason and "entities" in reason


def test_readable_footnotes_are_still_counted_in_a_warning():
    issue = parse_file(with_footnotes(bulletin(), FOOTNOTES), filename="x.docx")
    assert any("1 footnote(s) not imported" in warning for warning in issue.warnings)


def test_a_document_declaring_an_entity_is_refused():
    doctype = '<!DOCTYPE w:document [<!ENTITY x SYSTEM "http://example.org/">]>\n<w:document '
    data = bulletin()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode().replace("<w:document ", doctype, 1)

    assert "word/document.xml" in refusal(rewritten(data, replace={"word/document.xml": xml}))


def test_truncated_styles_refuse_the_file_as_damaged():
    data = rewritten(bulletin(), replace={"word/styles.xml": b'<?xml version="1.0"?><w:styles'})
    assert "damaged Word file" in refusal(data)


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    bomb = zip_bomb(40 * MB)

    tracemalloc.start()
    try:
        reason = refusal(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert "word/media/" in reason and "zip bomb" in reason
    # Inflating the picture alone would take 40 MB.
    assert peak < 8 * MB


def test_a_part_compressed_a_thousand_to_one_is_refused():
    data = rewritten(pictured(), add={"word/media/filler.bin": b"\x00" * (2 * MB)})
    assert "word/media/filler.bin is compressed" in refusal(data)


def test_parts_that_together_unpack_beyond_a_word_files_limit_are_refused():
    filler = {f"word/media/filler{n}.bin": b"\x00" * MB for n in range(70)}  # 1,000 to 1 each
    assert "would unpack to more than" in refusal(rewritten(pictured(), add=filler))


def test_a_word_file_of_thousands_of_parts_is_refused():
    parts = {f"word/extra/part{n}.xml": b"<a/>" for n in range(2100)}
    assert "parts, more than" in refusal(rewritten(bulletin(), add=parts))


def test_a_picture_declaring_30000_by_30000_pixels_is_refused():
    reason = refusal(pictured(png_declaring(30000, 30000)))
    assert "word/media/" in reason and "图片像素过多" in reason


def test_a_word_file_named_txt_is_refused_for_its_name():
    assert "must be text" in refusal(bulletin(), filename="2013-05-20_第3期.txt")


def test_a_pdf_named_docx_is_not_a_word_file():
    assert "not a Word file" in refusal(b"%PDF-1.4\n%\xe2\xe3\n", filename="x.docx")


# The batch


@pytest.fixture
def hostile_batch(tmp_path):
    folder = tmp_path / "batch"
    write_batch(folder)
    return folder


@pytest.mark.django_db
def test_a_batch_of_15_hostile_and_good_files_imports_the_good_and_names_each_bad(
    hostile_batch,
):
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="10 of 15 file"):
        call_command("import_legacy", str(hostile_batch), stdout=out, stderr=err)

    assert sorted(Issue.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    assert "imported 5" in out.getvalue() and "failed 10" in out.getvalue()
    failed = [line for line in err.getvalue().splitlines() if " FAILED: " in line]
    named = {name for name in {**GOOD, **BAD} if any(f"{name}: " in line for line in failed)}
    assert named == set(BAD)
