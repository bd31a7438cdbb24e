"""What an attachment may be, checked from its bytes and its name together."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from PIL import Image

from editorial.submissions.attachments import check_upload
from tests.hostile import png_declaring, rewritten, write_zeros
from tests.submissions.conftest import pdf, photo


def docx_bytes() -> bytes:
    out = io.BytesIO()
    document = Document()
    document.add_paragraph("正文")
    document.save(out)
    return out.getvalue()


def docx(name="材料.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, docx_bytes())


def refusal(upload) -> str:
    with pytest.raises(ValidationError) as refused:
        check_upload(upload)
    (message,) = refused.value.messages
    return message


def test_photos_and_documents_are_recognised():
    assert check_upload(photo()).kind == "photo"
    assert check_upload(photo("图.png", "PNG")).kind == "photo"
    assert check_upload(pdf()).kind == "document"
    assert check_upload(docx()).kind == "document"


def test_a_gif_is_refused_though_it_is_an_image():
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "GIF")

    assert "动图.gif" in refusal(SimpleUploadedFile("动图.gif", out.getvalue()))


def test_a_zip_named_docx_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "not a Word document")

    assert "伪装.docx" in refusal(SimpleUploadedFile("伪装.docx", out.getvalue()))


def test_an_empty_file_is_refused():
    assert "空.pdf" in refusal(SimpleUploadedFile("空.pdf", b""))


def test_a_png_declaring_30000_by_30000_pixels_is_refused_as_too_large_a_picture():
    bomb = SimpleUploadedFile("会场.png", png_declaring(30000, 30000))

    message = refusal(bomb)

    assert "会场.png" in message and "50" in message


def test_a_png_declaring_more_pixels_than_the_limit_but_fewer_than_pillows_is_refused():
    assert "会场.png" in refusal(SimpleUploadedFile("会场.png", png_declaring(8000, 7000)))


@pytest.mark.parametrize("name", ["x.html", "x.hta", "x.htm", "x.svg", "x.exe"])
def test_a_pdf_under_a_name_an_office_never_sends_is_refused(name):
    assert name in refusal(pdf(name))


def test_a_jpeg_with_html_appended_named_html_is_refused():
    upload = photo().read() + b"<html><script>alert(1)</script></html>"

    assert "x.html" in refusal(SimpleUploadedFile("x.html", upload))


@pytest.mark.parametrize("content", ["zip", "docx"])
def test_a_zip_named_jar_is_refused(content):
    data = docx_bytes() if content == "docx" else zipfile_with("a.class")
    assert "x.jar" in refusal(SimpleUploadedFile("x.jar", data))


def zipfile_with(name) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, b"\xca\xfe\xba\xbe")
    return out.getvalue()


def test_a_pdf_named_like_a_photo_is_refused_for_the_name_it_should_have():
    message = refusal(pdf("现场.jpg"))

    assert "现场.jpg" in message and ".pdf" in message


def test_a_word_file_that_would_unpack_to_more_than_a_document_holds_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as source, zipfile.ZipFile(out, "w") as bomb:
        for info in source.infolist():
            bomb.writestr(info, source.read(info))
        write_zeros(bomb, "word/media/image1.png", 30 * 1024 * 1024)

    assert "炸弹.docx" in refusal(SimpleUploadedFile("炸弹.docx", out.getvalue()))


def test_a_word_file_with_a_part_compressed_a_thousand_to_one_is_refused():
    data = rewritten(docx_bytes(), add={"word/media/image1.png": b"\x00" * (2 * 1024 * 1024)})

    assert "压缩.docx" in refusal(SimpleUploadedFile("压缩.docx", data))


def test_a_cameras_jpeg_holding_a_second_picture_is_a_photo():
    out = io.BytesIO()
    first, second = Image.new("RGB", (8, 8), "red"), Image.new("RGB", (8, 8), "blue")
    first.save(out, "MPO", save_all=True, append_images=[second])

    assert check_upload(SimpleUploadedFile("DSC_0001.JPG", out.getvalue())).kind == "photo"


def test_an_extension_in_capitals_is_accepted():
    assert check_upload(photo("IMG_0001.JPG")).kind == "photo"


def test_a_long_name_is_stored_cut_on_a_character_boundary_and_kept_whole_for_display():
    name = "关于" * 60 + ".jpg"  # 240 characters, 723 bytes

    checked = check_upload(photo(name))

    assert checked.name == name
    assert len(checked.stored_name.encode()) <= 130
    assert checked.stored_name.endswith(".jpg")
    assert name.startswith(checked.stored_name.removesuffix(".jpg"))
