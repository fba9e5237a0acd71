"""Clean image pages of a real sample, read by OCR, against their text layer (slow: two pages OCR'd, cached).

A copy of 01 whose 收入支出决算总表 (page 6) and 一般公共预算财政拨款支出决算表 (page 16)
are JPEG images at 170 dpi, as a scanner makes them; its other pages keep their text layer.
Whole documents read by OCR (01, 02, 07, 24: 76 pages, minutes of recognition) are the
benchmark's: `make bench-scans SCAN_ARGS="--whole --classes clean --samples 01 02 07 24"`.
The copies are rendered in the test and never committed.
"""

import json
import shutil

import duckdb
import pdfplumber
import pytest
from juesuan.config import ocr_cache_dir
from juesuan.landing.ocr import cache
from juesuan.landing.ocr.pages import page_image
from juesuan.landing.pdf_reader import read_pdf_report
from juesuan.parsing.report import parse_report

from tests.conftest import SHARED_BUDGETS, SHARED_PDFS
from tests.ocr_parity import NARRATIVE_FACTS, cell_figures, fact_counts, facts_by_signature, parity, table_facts_count

SAMPLE, IMAGE_PAGES = "01", {6, 16}


def _sample(prefix: str):
    found = sorted(SHARED_PDFS.glob(f"{prefix}_*.pdf")) + sorted(SHARED_BUDGETS.glob(f"{prefix}_*.pdf"))
    if not found:
        pytest.skip(f"sample {prefix} not present under {SHARED_PDFS.parent} (the samples are never committed)")
    return found[0]


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    """(original document, its parse, the copy's path, the copy read, its parse)."""
    from tests.pdf_factory import image_only_pdf

    source = _sample(SAMPLE)
    path = image_only_pdf(source, tmp_path_factory.mktemp("scans") / source.name, pages=IMAGE_PAGES)
    original, scanned = read_pdf_report(source), read_pdf_report(path)
    return (
        original,
        parse_report(original.lines, original.cells),
        path,
        scanned,
        parse_report(scanned.lines, scanned.cells),
    )


def _ocr_pages(document) -> set[int]:
    return {p.page_no for p in document.pages if p.extraction_method == "ocr"}


def test_clean_image_pages_give_the_table_figures_and_facts_of_their_text_layer(copy):
    original, original_parse, _, scanned, scanned_parse = copy
    assert _ocr_pages(scanned) == IMAGE_PAGES | _ocr_pages(original)  # 01 has a page that is an image already
    expected_cells, found_cells = cell_figures(original, IMAGE_PAGES), cell_figures(scanned, IMAGE_PAGES)
    assert expected_cells.total() >= 100 and not expected_cells - found_cells  # every figure, value for value
    assert fact_counts(original_parse, pages=IMAGE_PAGES).total() >= 40
    share, missed, extra = parity(original_parse, scanned_parse, IMAGE_PAGES)
    assert share >= 0.95, {"missed": missed, "extra": extra}
    assert all(
        f.provenance.extraction_method == "ocr" and f.provenance.confidence
        for facts in facts_by_signature(scanned_parse, pages=IMAGE_PAGES).values()
        for f in facts
    )
    # The pages kept as text give what they gave (a mixed document is the union of both readings).
    assert fact_counts(scanned_parse, "narrative", NARRATIVE_FACTS) == fact_counts(
        original_parse, "narrative", NARRATIVE_FACTS
    )
    text_pages = {p.page_no for p in original.pages} - IMAGE_PAGES
    assert parity(original_parse, scanned_parse, text_pages)[0] == 1


def test_figures_below_the_confidence_floor_become_parse_issues(copy, monkeypatch):
    *_, scanned, scanned_parse = copy
    # A floor at the median confidence of the OCR'd facts: the less sure half become parse issues.
    confidences = sorted(
        f.provenance.confidence
        for facts in facts_by_signature(scanned_parse).values()
        for f in facts
        if f.provenance.extraction_method == "ocr"
    )
    floor = confidences[len(confidences) // 2]
    monkeypatch.setenv("JUESUAN_OCR_MIN_CONFIDENCE", str(floor))
    strict = parse_report(scanned.lines, scanned.cells)
    kept, unsure = table_facts_count(strict), [m for stage, m in strict.issues if stage.startswith("ocr")]
    assert kept < table_facts_count(scanned_parse) and unsure
    assert kept + len([m for m in unsure if f"below the floor {floor:.2f}" in m]) >= table_facts_count(scanned_parse)


# An OCR misreading planted in the cache: the first row of 01's 收入支出决算总表 (page 6).
PLANTED = (6, "2,940.05", "2,946.05")


@pytest.fixture(scope="module")
def ocr_checks(copy, tmp_path_factory, dbt_manifest):
    """The reconciliation of the copy (`juesuan check`'s build: the warehouse's models in this process), one
    OCR'd figure changed as a misreading would: (checks, pages by how they were read)."""
    from juesuan.config import build_path
    from juesuan.one_file import check_input_folder

    *_, path, _, _ = copy
    root = tmp_path_factory.mktemp("ocr_reconciliation")
    (root / "raw").mkdir()
    shutil.copy(path, root / "raw")
    shutil.copytree(ocr_cache_dir(), root / "ocr_cache")
    page_no, printed, misread = PLANTED
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUESUAN_OCR_CACHE", str(root / "ocr_cache"))
        with pdfplumber.open(path) as pdf:
            entry = ocr_cache_dir() / f"{cache.page_key(page_image(pdf.pages[page_no - 1]).rgb)}.json"
        words = json.loads(entry.read_text(encoding="utf-8"))
        first = [w["text"] for w in words].index(printed)  # 一般公共预算财政拨款收入 (the 本年收入合计 repeats it)
        words[first]["text"] = misread
        entry.write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
        patch.setenv("JUESUAN_RAW_DIR", str(root / "raw"))
        patch.setenv("JUESUAN_WAREHOUSE", str(root / "juesuan.duckdb"))
        patch.delenv("JUESUAN_FACTS_DIR", raising=False)
        _, landed = check_input_folder()
        assert landed
        with duckdb.connect(str(build_path()), read_only=True) as conn:
            rows = conn.execute("""
                select status, possible_misreading, explanation, expected_page_no, actual_page_no,
                       expected_source_text, actual_source_text
                from marts.fct_reconciliation_checks""").fetchall()
            methods = dict(conn.execute("select page_no, extraction_method from raw.pages").fetchall())
    return rows, methods


def test_no_ocr_misreading_passes_reconciliation_silently(ocr_checks):
    rows, methods = ocr_checks
    page_no, _, misread = PLANTED
    flagged = [row for row in rows if row[1] and any(misread in (side or "") for side in row[5:7])]
    assert flagged, "the planted misreading is flagged by a check"
    assert all(f"A figure on page {page_no} was read by OCR from the page image" in row[2] for row in flagged)
    # Every failing check resting on an OCR'd page says so; none resting on text pages alone does.
    ocr_pages = {page for page, method in methods.items() if method == "ocr"}
    assert IMAGE_PAGES <= ocr_pages
    for status, possible_misreading, _, expected_page, actual_page, *_ in rows:
        if status == "fail":
            assert possible_misreading == bool({expected_page, actual_page} & ocr_pages)
