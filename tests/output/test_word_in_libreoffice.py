"""The Word file opened by another office suite: LibreOffice, headless, prints
the demo issues with the PDF's text in the PDF's order, on about as many pages."""

import io
import re

import docx
import pytest
from django.urls import reverse

from tests.output.conftest import pdf_pages, pdf_text, word_to_pdf

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("poppler", "cjk_fonts", "libreoffice"),
]

PAGE_NUMBER = re.compile(r"[—–-]\d+[—–-]")


def flat(text: str) -> str:
    """The words of ``text``: no spaces, breaks, page numbers or punctuation
    (LibreOffice compresses a 、 at the end of a line until poppler cannot
    read it back)."""
    return re.sub(r"[\W_]+", "", PAGE_NUMBER.sub("", re.sub(r"\s+", "", text)))


def in_order(paragraphs: list[str], text: str) -> list[str]:
    """The paragraphs not found in ``text`` in their order."""
    lost, position = [], 0
    for paragraph in paragraphs:
        found = text.find(paragraph, position)
        if found < 0:
            lost.append(paragraph)
        else:
            position = found + len(paragraph)
    return lost


@pytest.mark.parametrize("year", [2007, 2012])
def test_libreoffice_prints_the_word_file_with_the_pdfs_text_and_pages(
    client, samples, tmp_path, year
):
    issue = samples[year]
    args = [issue.bulletin.slug, issue.year, issue.number]
    word = client.get(reverse("editorial:issue_docx", args=args)).content
    printed = client.get(reverse("editorial:issue_pdf", args=args)).content
    converted = word_to_pdf(word, tmp_path)

    body = docx.Document(io.BytesIO(word)).paragraphs
    contents_end = next(i for i, p in enumerate(body) if p.style.name == "Heading 1")
    paragraphs = [flat(p.text) for p in body[contents_end:] if flat(p.text)]
    assert len(paragraphs) > 10
    assert in_order(paragraphs, flat(pdf_text(converted))) == []
    assert in_order(paragraphs, flat(pdf_text(printed))) == []
    assert abs(pdf_pages(converted) - pdf_pages(printed)) <= 1
