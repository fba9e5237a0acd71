"""Make small PDFs for tests (reportlab's built-in CID font needs no font file)."""

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def report_pdf(path: Path, paragraphs: list[str], table_rows: list[list[str]], encrypt: str | None = None) -> Path:
    """A two-page report: text paragraphs on page 1, a ruled table on page 2."""
    style = ParagraphStyle("body", fontName=FONT, fontSize=11)
    table = Table(table_rows)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story = [Paragraph(text, style) for text in paragraphs] + [PageBreak(), table]
    SimpleDocTemplate(str(path), pagesize=A4, encrypt=encrypt).build(story)
    return path


def scanned_pdf(path: Path) -> Path:
    """A page with only drawn shapes: what a scan without OCR looks like to a text extractor."""
    page = canvas.Canvas(str(path), pagesize=A4)
    page.rect(100, 500, 300, 200, fill=1)
    page.showPage()
    page.save()
    return path


def image_only_pdf(source: Path, path: Path, dpi: int = 170, pages: set[int] | None = None) -> Path:
    """A copy of `source` whose pages (1-based; all when None) are JPEG images, as a scanner makes them.

    The other pages are copied with their text layer, so a mixed document can be made too.
    """
    import io

    import pypdfium2 as pdfium

    original = pdfium.PdfDocument(source)
    copy = pdfium.PdfDocument.new()
    for index in range(len(original)):
        if pages is not None and index + 1 not in pages:
            copy.import_pages(original, [index])
            continue
        scan = io.BytesIO()
        original[index].render(scale=dpi / 72).to_pil().convert("RGB").save(scan, "JPEG", quality=90)
        add_scanned_page(copy, original[index].get_size(), scan)
    copy.save(path)
    return path


def add_scanned_page(document, size: tuple[float, float], jpeg) -> None:
    """A page of the given size (points) holding only the JPEG image (a file-like object), as a scanner makes it."""
    import pypdfium2 as pdfium

    width, height = size
    page = document.new_page(width, height)
    image = pdfium.PdfImage.new(document)
    image.load_jpeg(jpeg, pages=[page])
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    page.insert_obj(image)
    page.gen_content()


def table_page_pdf(path: Path, heading: list[str], rows: list[list[str]], spans: list[tuple] = ()) -> Path:
    """One page: heading lines (title, table number, organisation and unit lines) over a ruled table.

    spans: reportlab SPAN commands' corners, ((col, row), (col, row)), for merged cells; the
    merged cell's text stands in its first cell, as a PDF prints it."""
    return table_pages_pdf(path, [(heading, rows, spans)])


def table_pages_pdf(path: Path, pages: list[tuple[list[str], list[list[str]], list[tuple]]]) -> Path:
    """A page per (heading, rows, spans), as table_page_pdf lays out one."""
    style = ParagraphStyle("body", fontName=FONT, fontSize=10)
    story = []
    for heading, rows, spans in pages:
        table = Table(rows)
        commands = [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTSIZE", (0, 0), (-1, -1), 7),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ]
        table.setStyle(TableStyle(commands + [("SPAN", start, end) for start, end in spans]))
        story += ([PageBreak()] if story else []) + [Paragraph(text, style) for text in heading] + [table]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path
