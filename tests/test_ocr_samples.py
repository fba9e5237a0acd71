"""Image-only copies of the real samples, read by OCR, against their text-layer originals (slow: OCR'd once, cached).

The copies are rendered in the test (JPEG pages at 170 dpi, as a scanner makes them) and never committed.
"""

import json
import shutil

import duckdb
import pdfplumber
import pytest
from dagster import DagsterInstance

from juesuan.config import ocr_cache_dir
from juesuan.landing.ocr import cache
from juesuan.landing.ocr.pages import page_image
from juesuan.landing.pdf_reader import read_pdf_report
from juesuan.parsing.report import parse_report
from juesuan.pipeline import run_pipeline
from juesuan.summary import summarize
from tests.conftest import SHARED_BUDGETS, SHARED_PDFS, query
from tests.ocr_parity import NARRATIVE_FACTS, cell_figures, fact_counts, facts_by_signature, misread_figures, parity, table_facts_count

SAMPLES = ("01", "02", "07", "24")  # the three final accounts and the smallest budget


def _sample(prefix: str):
    found = sorted(SHARED_PDFS.glob(f"{prefix}_*.pdf")) + sorted(SHARED_BUDGETS.glob(f"{prefix}_*.pdf"))
    if not found:
        pytest.skip(f"sample {prefix} not present under {SHARED_PDFS.parent} (the samples are never committed)")
    return found[0]


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    """prefix → (original document, original parse, scan path, scanned document, scanned parse), built on first use."""
    from tests.pdf_factory import image_only_pdf

    folder = tmp_path_factory.mktemp("scans")
    read = {}

    def scan(prefix: str):
        if prefix not in read:
            original_path = _sample(prefix)
            scan_path = image_only_pdf(original_path, folder / original_path.name)
            original, scanned = read_pdf_report(original_path), read_pdf_report(scan_path)
            read[prefix] = (original, parse_report(original.lines, original.cells), scan_path, scanned,
                            parse_report(scanned.lines, scanned.cells))
        return read[prefix]

    return scan


@pytest.mark.parametrize("prefix", SAMPLES)
def test_an_image_only_copy_gives_the_table_figures_and_facts_of_its_original(scans, prefix):
    original, original_parse, _, scanned, scanned_parse = scans(prefix)
    assert {p.extraction_method for p in scanned.pages} == {"ocr"}
    expected_cells, found_cells = cell_figures(original), cell_figures(scanned)
    assert sum((expected_cells & found_cells).values()) >= 0.95 * sum(expected_cells.values()), expected_cells - found_cells
    share, missed, extra = parity(original_parse, scanned_parse)
    # Budget tables give facts once the budget parser reads them; until then their cells are compared above.
    if table_facts_count(original_parse):
        assert share >= 0.95, {"missed": missed, "extra": extra}
    assert all(f.provenance.extraction_method == "ocr" and f.provenance.confidence
               for facts in facts_by_signature(scanned_parse).values() for f in facts)


def test_a_mixed_document_gives_the_union_of_text_and_ocr_pages(scans, tmp_path):
    from tests.pdf_factory import image_only_pdf

    original, original_parse, *_ = scans("01")
    table_pages = {c.page_no for c in original.cells}
    mixed = read_pdf_report(image_only_pdf(_sample("01"), tmp_path / "mixed.pdf", pages=table_pages))
    methods = {p.page_no: p.extraction_method for p in mixed.pages}
    text_pages = {p.page_no for p in original.pages if p.extraction_method == "text"} - table_pages
    assert {n for n in table_pages if methods[n] == "ocr"} == table_pages
    assert {n for n in text_pages if methods[n] == "text"} == text_pages
    mixed_parse = parse_report(mixed.lines, mixed.cells)
    share, missed, extra = parity(original_parse, mixed_parse)
    assert share >= 0.95, {"missed": missed, "extra": extra}
    assert fact_counts(mixed_parse, "narrative", NARRATIVE_FACTS) == fact_counts(original_parse, "narrative", NARRATIVE_FACTS)


def test_figures_below_the_confidence_floor_become_parse_issues(scans, monkeypatch):
    *_, scanned, scanned_parse = scans("01")
    monkeypatch.setenv("JUESUAN_OCR_MIN_CONFIDENCE", "0.99")
    strict = parse_report(scanned.lines, scanned.cells)
    kept, unsure = table_facts_count(strict), [m for stage, m in strict.issues if stage.startswith("ocr")]
    assert kept < table_facts_count(scanned_parse) and unsure
    assert kept + len([m for m in unsure if "below the floor 0.99" in m]) >= table_facts_count(scanned_parse)


# An OCR misreading planted in the cache: the first row of 01's 收入支出决算总表 (page 6).
PLANTED = ("01", 6, "2,940.05", "2,946.05")


@pytest.fixture(scope="module")
def ocr_checks(scans, tmp_path_factory, dbt_manifest):
    """The reconciliation of the image-only copies, one OCR'd figure of 01 changed as a misreading would."""
    root = tmp_path_factory.mktemp("ocr_reconciliation")
    (root / "raw").mkdir()
    for prefix in ("01", "02", "07"):
        shutil.copy(scans(prefix)[2], root / "raw")
    shutil.copytree(ocr_cache_dir(), root / "ocr_cache")
    prefix, page_no, printed, misread = PLANTED
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUESUAN_OCR_CACHE", str(root / "ocr_cache"))
        with pdfplumber.open(scans(prefix)[2]) as pdf:
            entry = ocr_cache_dir() / f"{cache.page_key(page_image(pdf.pages[page_no - 1]).rgb)}.json"
        words = json.loads(entry.read_text(encoding="utf-8"))
        first = [w["text"] for w in words].index(printed)  # 一般公共预算财政拨款收入 (the 本年收入合计 repeats it)
        words[first]["text"] = misread
        entry.write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
        patch.setenv("JUESUAN_RAW_DIR", str(root / "raw"))
        patch.setenv("JUESUAN_WAREHOUSE", str(root / "juesuan.duckdb"))
        planted = read_pdf_report(scans(prefix)[2])
        result = run_pipeline(DagsterInstance.ephemeral())
        with duckdb.connect(str(root / "juesuan.duckdb"), read_only=True) as conn:
            printed = summarize(conn, result, str(root / "juesuan.duckdb"), "(report)").render()
        rows = query("""
            select d.source_file, c.status, c.possible_misreading, c.explanation, c.expected_page_no, c.actual_page_no,
                   c.expected_source_text, c.actual_source_text
            from marts.fct_reconciliation_checks c join marts.dim_reports d using (report_id)""")
        documents = query("select source_file, page_no, extraction_method from raw.pages join raw.documents using (report_id)")
    return rows, documents, parse_report(planted.lines, planted.cells), printed


def test_no_ocr_misreading_passes_reconciliation_silently(scans, ocr_checks):
    rows, documents, planted, _ = ocr_checks
    assert {method for *_, method in documents} == {"ocr"}
    read = {"01": planted, "02": scans("02")[4], "07": scans("07")[4]}
    misread = [(prefix, fact) for prefix, parsed in read.items() for _, fact in misread_figures(scans(prefix)[1], parsed)]
    assert ("01", 6) in {(prefix, fact.provenance.page_no) for prefix, fact in misread}, "the planted misreading is read"
    for prefix, fact in misread:
        flagged = [row for row in rows if row[0].startswith(prefix) and row[2]
                   and any(fact.provenance.source_text in (side or "") for side in row[6:8])]  # a sum's side joins its parts' rows
        assert flagged, f"{prefix}: misread {fact} is flagged by no check"
        assert all("was read by OCR from the page image" in row[3] for row in flagged)
    assert all(row[2] for row in rows if row[1] == "fail")  # every page of these copies was OCR'd
    assert ("02", 11) in {(prefix, fact.provenance.page_no) for prefix, fact in misread}, "02's 2,250.88 read as 2250.8"


def test_the_run_summary_counts_the_pages_read_by_ocr(ocr_checks):
    *_, printed = ocr_checks
    assert "OCR:       76 pages read by OCR (" in printed  # 25 + 30 + 21 pages, every one an image
