"""Word files for the tests, built with python-docx from invented bulletins."""

import io

import docx
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor
from PIL import Image

from editorial.content.images import storage_name

BODY = "区总工会日前召开基层工会主席座谈会，听取各企业工会对下半年工作的意见和建议，并作具体部署。"
BODY2 = "会议要求各级工会要认真梳理职工反映的突出问题，逐项明确责任人和完成时限，确保件件有回音。"


def png(color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), color).save(buffer, "PNG")
    return buffer.getvalue()


def stored_png(color=(200, 30, 30)) -> str:
    """A picture in storage under its content's name, as a committed import leaves it."""
    data = png(color)
    name = storage_name(data, "image/png")
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return name


class Bulletin:
    """A Word bulletin written paragraph by paragraph."""

    def __init__(self):
        self.document = docx.Document()

    def masthead(self, name="职工之声", *, red=True, points=36):
        paragraph = self.document.add_paragraph()
        run = paragraph.add_run(name)
        run.font.size = Pt(points)
        if red:
            run.font.color.rgb = RGBColor(0xE0, 0x10, 0x10)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return self

    def line(self, text, *, bold=False, centred=False):
        paragraph = self.document.add_paragraph()
        paragraph.add_run(text).bold = bold or None
        if centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return self

    def lines(self, text):
        for line in text.splitlines():
            self.document.add_paragraph(line)
        return self

    def picture(self, data=None):
        self.document.add_picture(io.BytesIO(data or png()))
        return self

    def table(self, rows, *, picture_in=None):
        table = self.document.add_table(rows=len(rows), cols=len(rows[0]))
        for row, values in zip(table.rows, rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
        if picture_in is not None:
            row, column = picture_in
            run = table.rows[row].cells[column].paragraphs[0].add_run()
            run.add_picture(io.BytesIO(png()))
        return self

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def cover(
    bulletin: Bulletin, *, number="第8期（总第312期）", imprint="苏州市总工会办公室  2012年4月25日"
):
    return bulletin.masthead("工会工作简报").line(number, centred=True).line(imprint)
