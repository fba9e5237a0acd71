"""Benchmark: scan-like copies of every sample PDF's table pages, read by OCR, against the text layer (`make bench-scans`).

Usage: .venv/bin/python scripts/bench_scans.py [--samples 01 24 ...] [--classes skew seal ...] [--pages N] [--whole]

For each sample (../shared/samples/pdf and ../shared/samples/budget) the pages whose
text layer has table cells are turned into degraded scans (tests/scan_corpus.py:
seeded, nothing downloaded), one copy per degradation class plus a clean 170 dpi
copy; the other pages keep their text layer. Each copy is read and parsed, and its
table facts and table-cell figures on those pages are compared with the original's,
value for value. With --whole every page of the copy is an image (the whole document
read by OCR, narrative pages too), and the narrative facts are compared as well.

Prints one row per sample and class, the totals per class, and the peak memory.
Time is that of the OCR'd pages alone (render, clean-up, recognition, grid), with
the model loaded before the first page: wall and CPU seconds a page, and the load
average while they ran (the machine may be shared). The OCR cache applies: point
JUESUAN_OCR_CACHE at an empty folder to time recognition.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from juesuan.landing.ocr import engine  # noqa: E402
from juesuan.landing.ocr.pages import DocumentOcr  # noqa: E402
from juesuan.landing.ocr.reread import CellRereader  # noqa: E402
from juesuan.landing.pdf_reader import read_pdf_report  # noqa: E402
from juesuan.parsing.report import parse_report  # noqa: E402

from tests.conftest import SHARED_BUDGETS, SHARED_PDFS  # noqa: E402
from tests.ocr_parity import NARRATIVE_FACTS, cell_figures, fact_counts, parity  # noqa: E402
from tests.pdf_factory import image_only_pdf  # noqa: E402
from tests.scan_corpus import DEGRADATIONS, scanned_copy  # noqa: E402


def _percent(same: int, total: int) -> str:
    return f"{100 * same / total:.1f}%" if total else "—"


class _OcrClock:
    """Wall and CPU seconds spent in OCR'd pages (DocumentOcr.read of a page it reads by OCR), and the load then."""

    def __init__(self):
        self.pages, self.wall, self.cpu, self.loads = 0, 0.0, 0.0, []
        read = DocumentOcr.read

        def timed(ocr, page, page_no):
            wall, cpu = time.perf_counter(), time.process_time()
            extraction, ocr_page = read(ocr, page, page_no)
            if ocr_page is not None and not extraction.from_cache:
                self.pages += 1
                self.wall += time.perf_counter() - wall
                self.cpu += time.process_time() - cpu
                self.loads.append(os.getloadavg()[0])
            return extraction, ocr_page

        DocumentOcr.read = timed  # this benchmark's own measuring; the reader is unchanged

    def lap(self) -> tuple[int, float, float, float]:
        """(pages, wall s, CPU s, mean 1-minute load) since the last lap."""
        lap = (self.pages, self.wall, self.cpu, sum(self.loads) / len(self.loads) if self.loads else 0.0)
        self.pages, self.wall, self.cpu, self.loads = 0, 0.0, 0.0, []
        return lap


def _warm_model() -> None:
    """Load the recogniser and run it once, so the first page timed is not the model's loading."""
    import numpy as np

    page = np.full((200, 400, 3), 255, np.uint8)
    page[90:110, 40:360] = 0
    engine.recognize(page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", nargs="*", help="sample prefixes (default: every sample PDF)")
    parser.add_argument("--classes", nargs="*", default=["clean", *DEGRADATIONS], help="degradation classes")
    parser.add_argument(
        "--pages", type=int, help="at most this many table pages per sample, those with most figures (default: all)"
    )
    parser.add_argument("--whole", action="store_true", help="every page an image: the whole document read by OCR")
    args = parser.parse_args()
    sources = sorted(SHARED_PDFS.glob("*.pdf")) + sorted(SHARED_BUDGETS.glob("*.pdf"))
    if args.samples:
        sources = [s for s in sources if s.name.split("_")[0] in args.samples]
    # On a machine shared with other work wall seconds say little: CPU seconds a page and the load are given too.
    clock = _OcrClock()
    _warm_model()
    print(
        "| sample | class | pages | table facts (text / same) | % | cell figures (text / same) | % | narrative facts (text / same) | "
        "OCR s/page (wall) | CPU s/page | load |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    timed = [0, 0.0, 0.0]  # OCR'd pages, wall s, CPU s over the whole run
    misses = []
    with tempfile.TemporaryDirectory() as folder:
        for source in sources:
            original = read_pdf_report(source)
            figures = cell_figures(original)
            by_figures = Counter({page: 0 for page in {c.page_no for c in original.cells}})
            by_figures.update(Counter(page for (page, _), count in figures.items() for _ in range(count)))
            pages = {page for page, _ in by_figures.most_common(args.pages)}  # the richest table pages first
            imaged = set(range(1, original.page_count + 1)) if args.whole else pages
            compared = None if args.whole else pages
            before = parse_report(original.lines, original.cells)
            expected_facts, expected_cells = fact_counts(before, pages=compared), cell_figures(original, compared)
            expected_narrative = fact_counts(before, "narrative", NARRATIVE_FACTS)
            for name in args.classes:
                copy = Path(folder) / f"{name}_{source.name}"
                if name == "clean":
                    image_only_pdf(source, copy, pages=imaged)
                else:
                    scanned_copy(source, copy, DEGRADATIONS[name], imaged)
                scanned = read_pdf_report(copy)
                ocr_pages, wall, cpu, load = clock.lap()
                timed = [timed[0] + ocr_pages, timed[1] + wall, timed[2] + cpu]
                reread = CellRereader(copy)  # as the pipeline parses it (extract/report.py)
                after = parse_report(scanned.lines, scanned.cells, reread)
                reread.close()
                _, missed, extra = parity(before, after, compared)
                same_facts = expected_facts.total() - len(missed)
                same_cells = (expected_cells & cell_figures(scanned, compared)).total()
                narrative = (expected_narrative & fact_counts(after, "narrative", NARRATIVE_FACTS)).total()
                row = totals[name]
                row[0] += expected_facts.total()
                row[1] += same_facts
                row[2] += expected_cells.total()
                row[3] += same_cells
                per_page = (
                    f"{wall / ocr_pages:.1f} | {cpu / ocr_pages:.1f} | {load:.1f}" if ocr_pages else "cached | — | —"
                )
                print(
                    f"| {source.name[:40]} | {name} | {len(imaged)} | {expected_facts.total()} / {same_facts} | "
                    f"{_percent(same_facts, expected_facts.total())} | {expected_cells.total()} / {same_cells} | "
                    f"{_percent(same_cells, expected_cells.total())} | {expected_narrative.total()} / {narrative} | {per_page} |",
                    flush=True,
                )
                misses += [(source.name, name, "missed", fact) for fact in missed] + [
                    (source.name, name, "extra", fact) for fact in extra
                ]
    print("\n| class | table facts (text / same) | % | cell figures (text / same) | % |")
    print("| --- | --- | --- | --- | --- |")
    for name, (facts, same_facts, cells, same_cells) in totals.items():
        print(
            f"| {name} | {facts} / {same_facts} | {_percent(same_facts, facts)} | {cells} / {same_cells} | {_percent(same_cells, cells)} |"
        )
    for sample, name, side, fact in misses:
        print(f"{sample} {name}: {side}: {fact}")
    if timed[0]:
        print(
            f"OCR: {timed[0]} pages, {timed[1] / timed[0]:.1f} s a page wall, {timed[2] / timed[0]:.1f} CPU s a page "
            f"(load average now {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores)"
        )
    print(f"peak memory (max RSS of this process): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
