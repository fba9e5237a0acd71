import pytest
from juesuan.landing.models import RejectedReport
from juesuan.landing.pdf_reader import read_pdf_report

from tests.conftest import T02_ROWS
from tests.pdf_factory import report_pdf, scanned_pdf


def test_synthetic_pdf_lands_lines_per_page_and_table_cells(synthetic_report_pdf):
    document = read_pdf_report(synthetic_report_pdf)
    assert document.page_count == 2
    page_one = [line.text for line in document.lines if line.page_no == 1]
    assert "第一部分 武汉市洪山区人民政府办公室概况" in page_one
    cells = {(c.row_no, c.col_no): c for c in document.cells}
    assert {c.page_no for c in document.cells} == {2}
    assert cells[(3, 2)].text == "一般公共服务支出"
    assert cells[(4, 3)].text == "1,400.04"
    assert len(cells) == len(T02_ROWS) * len(T02_ROWS[0])
    box = cells[(1, 1)]
    assert box.x0 < box.x1 and box.top < box.bottom


def test_password_protected_pdf_is_rejected(tmp_path):
    path = report_pdf(tmp_path / "locked.pdf", ["部门决算"], T02_ROWS, encrypt="secret")
    with pytest.raises(RejectedReport, match="encrypted"):
        read_pdf_report(path)


def test_random_bytes_are_rejected_as_corrupt(tmp_path):
    path = tmp_path / "noise.pdf"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(RejectedReport, match="not a readable PDF"):
        read_pdf_report(path)


def test_truncated_pdf_is_rejected(synthetic_report_pdf, tmp_path):
    path = tmp_path / "truncated.pdf"
    path.write_bytes(synthetic_report_pdf.read_bytes()[:400])
    with pytest.raises(RejectedReport, match="PDF"):
        read_pdf_report(path)


def test_scanned_pdf_without_text_layer_is_rejected_when_ocr_is_off(tmp_path, monkeypatch):
    monkeypatch.setenv("JUESUAN_OCR", "off")
    with pytest.raises(RejectedReport, match=r"no text layer \(scanned\); OCR it first"):
        read_pdf_report(scanned_pdf(tmp_path / "scan.pdf"))


def test_scanned_page_where_ocr_finds_no_text_is_rejected_with_the_page_reason(tmp_path):
    with pytest.raises(RejectedReport, match=r"OCR read no text: page 1: no text layer; OCR found no text on it"):
        read_pdf_report(scanned_pdf(tmp_path / "scan.pdf"))


def test_real_pdfs_land_with_thousands_of_cells(shared_pdf_dir):
    total_cells = 0
    for path in sorted(shared_pdf_dir.glob("*.pdf")):
        document = read_pdf_report(path)
        assert document.page_count >= 20
        assert document.lines and document.cells
        total_cells += len(document.cells)
    assert total_cells > 3000
