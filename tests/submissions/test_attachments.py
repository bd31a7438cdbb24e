"""What an attachment may be, checked from its bytes, never from its name."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from PIL import Image

from editorial.submissions.attachments import Refused, check
from tests.submissions.conftest import pdf, photo


def docx(name="材料.docx") -> SimpleUploadedFile:
    out = io.BytesIO()
    document = Document()
    document.add_paragraph("正文")
    document.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def test_photos_and_documents_are_recognised():
    assert check(photo()) == "photo"
    assert check(photo("图.png", "PNG")) == "photo"
    assert check(pdf()) == "document"
    assert check(docx()) == "document"


def test_a_gif_is_refused_though_it_is_an_image():
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "GIF")

    with pytest.raises(Refused, match=r"动图\.gif"):
        check(SimpleUploadedFile("动图.gif", out.getvalue()))


def test_a_zip_named_docx_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "not a Word document")

    with pytest.raises(Refused):
        check(SimpleUploadedFile("伪装.docx", out.getvalue()))


def test_an_empty_file_is_refused():
    with pytest.raises(Refused):
        check(SimpleUploadedFile("空.pdf", b""))
