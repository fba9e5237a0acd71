"""Scan-like copies of real table pages, one page per degradation class, read by OCR against the text layer (slow: OCR).

The whole corpus (every sample, every table page, every class) is the benchmark
`make bench-scans`; here one rich table page per class, from a different sample each,
keeps the suite short. The copies are generated in the test (tests/scan_corpus.py).
"""

import pytest
from juesuan.landing.ocr.reread import CellRereader
from juesuan.landing.pdf_reader import read_pdf_report
from juesuan.parsing.report import parse_report

from tests.ocr_parity import cell_figures, fact_counts, facts_by_signature, parity
from tests.scan_corpus import DEGRADATIONS, scanned_copy
from tests.test_ocr_samples import _sample

# (class, sample, page): final accounts and budgets, Shanghai and Chongqing templates.
CASES = [
    ("skew", "07", 11),
    ("150dpi", "21", 19),
    ("noise", "02", 16),  # 一般公共预算财政拨款基本支出决算表 (T06): its 类 310 read `3.10`
    ("jpeg40", "24", 8),
    ("seal", "01", 16),  # T06: a stroke of the seal under the 类 302 of `302 | 01 | 办公费` read `302A`
    ("curve", "23", 12),
    ("photocopy", "25", 9),
    ("photocopy", "24", 8),  # letter-spaced figures the detector breaks apart (tests/test_scan_figures.py)
    ("lineless", "23", 12),  # 部门收入预算总表 continued: its columns from the alignment of its text
    ("lineless", "07", 11),  # a continuation without its empty columns, placed under the ruled page's columns
    ("lineless", "24", 7),  # a one-row 收入总计 table above the 收入预算表, which prints no unit line
    ("lineless", "01", 8),  # 类 款 项 printed in the 合计 row, boxed as one over two code columns
    ("lineless", "21", 14),  # B05: 2080506's `881,579. 76`, read with a space, is one figure (was cut in two)
]
# Misreadings of one box that only the table's sums show (parsing/tables/arithmetic.py): the code whose fact the
# page must give, read again from the page where its table did not add up.
READ_AGAIN = {("noise", "02", 16): "310", ("seal", "01", 16): "30201"}


# Each sample's copies end a page after their scanned page (below): its original is read as far as the last of them.
LAST_PAGES = {prefix: max(page for _, p, page in CASES if p == prefix) + 1 for _, prefix, _ in CASES}


@pytest.fixture(scope="module")
def originals(tmp_path_factory):
    """prefix → (text-layer document, its parse), read once, from a copy of its pages up to LAST_PAGES (no page
    scanned: the class is not applied)."""
    folder = tmp_path_factory.mktemp("originals")
    read = {}

    def original(prefix: str):
        if prefix not in read:
            source = _sample(prefix)
            first_pages = scanned_copy(source, folder / source.name, DEGRADATIONS["skew"], set(), LAST_PAGES[prefix])
            document = read_pdf_report(first_pages)
            read[prefix] = document, parse_report(document.lines, document.cells)
        return read[prefix]

    return original


def test_every_class_is_tested():
    assert {name for name, *_ in CASES} == set(DEGRADATIONS)


@pytest.mark.parametrize(("name", "prefix", "page_no"), CASES)
def test_a_degraded_table_page_gives_the_table_facts_of_its_text_layer(originals, tmp_path, name, prefix, page_no):
    original, before = originals(prefix)
    source = _sample(prefix)
    # The copy ends a page after the scanned one (a table continued there still closes, with its sums): the pages
    # after it do not change the page's facts or cells (checked on every case against the whole original).
    copy = scanned_copy(source, tmp_path / source.name, DEGRADATIONS[name], {page_no}, last_page=page_no + 1)
    scanned = read_pdf_report(copy)
    assert scanned.pages[page_no - 1].extraction_method == "ocr"
    reread = CellRereader(copy)  # as the pipeline parses a scanned report (extract/report.py)
    after = parse_report(scanned.lines, scanned.cells, reread)
    reread.close()
    page = {page_no}
    assert fact_counts(before, pages=page).total() >= 10  # the page is a real test: a table with facts
    share, missed, extra = parity(before, after, page)
    assert share >= 0.95, {"missed": missed, "extra": extra}
    if (name, prefix, page_no) in READ_AGAIN:
        code = READ_AGAIN[name, prefix, page_no]
        assert not [fact for fact in missed if code in dict(fact[1]).values()], missed
        assert any("read again as" in message for _, message in after.issues)
    expected, found = cell_figures(original, page), cell_figures(scanned, page)
    assert (expected & found).total() >= 0.95 * expected.total(), expected - found
    assert all(
        f.provenance.extraction_method == "ocr" and f.provenance.confidence
        for facts in facts_by_signature(after, pages=page).values()
        for f in facts
    )
