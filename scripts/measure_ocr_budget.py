"""Measure what one long image-only PDF costs: a 200-page scan read against the OCR time budget.

Usage: JUESUAN_OCR_CACHE=$(mktemp -d) .venv/bin/python scripts/measure_ocr_budget.py [PAGES]
The scan is the sample PDFs' pages, cycled to PAGES pages (default 200) and each
made a distinct photocopy-like image (tests/scan_corpus.py, seeded by page), so the
page cache cannot shortcut it. Prints the wall time until the reader gave up or
finished, the pages read, the reason it gives, and the peak memory; then reads it
again, as a later run would, to show the second run reads on from the cache.
"""

import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from juesuan.landing.models import RejectedReport  # noqa: E402
from juesuan.landing.pdf_reader import read_pdf_report  # noqa: E402

from tests.conftest import SHARED_PDFS  # noqa: E402
from tests.scan_corpus import DEGRADATIONS, scanned_copy  # noqa: E402


def long_scan(folder: Path, pages: int) -> Path:
    import pypdfium2 as pdfium

    joined = pdfium.PdfDocument.new()
    sources = [pdfium.PdfDocument(path) for path in sorted(SHARED_PDFS.glob("*.pdf"))]
    while len(joined) < pages:
        for source in sources:
            joined.import_pages(source, list(range(min(len(source), pages - len(joined)))))
    text_layer = folder / "long.pdf"
    joined.save(text_layer)
    return scanned_copy(text_layer, folder / "long_scan.pdf", DEGRADATIONS["photocopy"], set(range(1, pages + 1)))


def read_once(path: Path) -> None:
    started = time.perf_counter()
    try:
        document = read_pdf_report(path)
        outcome = f"landed: {sum(p.extraction_method == 'ocr' for p in document.pages)} pages read by OCR"
    except RejectedReport as rejection:
        outcome = f"{type(rejection).__name__}: {rejection}"
    print(f"{time.perf_counter() - started:.0f} s wall; {outcome}", flush=True)


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        scan = long_scan(Path(folder), pages)
        print(
            f"{pages}-page image-only PDF made in {time.perf_counter() - started:.0f} s ({scan.stat().st_size >> 20} MB)",
            flush=True,
        )
        read_once(scan)
        read_once(scan)  # a later run: the pages read come from the cache
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
