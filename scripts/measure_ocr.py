"""Measure OCR on image-only copies of real reports: facts per report against the text layer, speed, memory.

Usage: .venv/bin/python scripts/measure_ocr.py PDF [PDF ...]
Each PDF is re-assembled from JPEG page images at 170 dpi (as the tests do), read
by OCR (the page-image cache in JUESUAN_OCR_CACHE applies: point it at an empty
folder to time recognition), parsed, and compared with its text-layer original.
Prints one row per report, every differing fact, and the process's peak memory.
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from juesuan.landing.pdf_reader import read_pdf_report  # noqa: E402
from juesuan.parsing.report import parse_report  # noqa: E402

from tests.ocr_parity import NARRATIVE_FACTS, cell_figures, fact_counts, parity  # noqa: E402
from tests.pdf_factory import image_only_pdf  # noqa: E402


def main(paths: list[str]) -> None:
    print(
        "| report | pages OCR'd | s/page | table facts (text / OCR / same) | cell figures (text / same) | all facts (text / OCR) |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    differences = []
    with tempfile.TemporaryDirectory() as folder:
        for name in paths:
            source = Path(name)
            original = read_pdf_report(source)
            scan = image_only_pdf(source, Path(folder) / source.name)
            started = time.perf_counter()
            scanned = read_pdf_report(scan)
            elapsed = time.perf_counter() - started
            ocr_pages = [p for p in scanned.pages if p.extraction_method == "ocr"]
            before, after = parse_report(original.lines, original.cells), parse_report(scanned.lines, scanned.cells)
            share, missed, extra = parity(before, after)
            cells, found = cell_figures(original), cell_figures(scanned)
            all_before = sum(fact_counts(before, kind, NARRATIVE_FACTS).total() for kind in ("table", "narrative"))
            all_after = sum(fact_counts(after, kind, NARRATIVE_FACTS).total() for kind in ("table", "narrative"))
            table_before = fact_counts(before).total()
            print(
                f"| {source.name} | {len(ocr_pages)} | {elapsed / max(1, len(ocr_pages)):.1f} | "
                f"{table_before} / {fact_counts(after).total()} / {round(share * table_before)} | "
                f"{cells.total()} / {(cells & found).total()} | {all_before} / {all_after} |"
            )
            differences += [(source.name, "text layer only", fact) for fact in missed]
            differences += [(source.name, "OCR only", fact) for fact in extra]
    for name, side, fact in differences:
        print(f"{name}: {side}: {fact}")
    print(
        f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB; "
        f"OCR cache: {os.environ.get('JUESUAN_OCR_CACHE', '<warehouse dir>/ocr_cache')}"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
