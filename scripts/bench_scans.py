"""Benchmark: scan-like copies of every sample PDF's table pages, read by OCR, against the text layer (`make bench-scans`).

Usage: .venv/bin/python scripts/bench_scans.py [--samples 01 24 ...] [--classes skew seal ...] [--pages N]

For each sample (../shared/samples/pdf and ../shared/samples/budget) the pages whose
text layer has table cells are turned into degraded scans (tests/scan_corpus.py:
seeded, nothing downloaded), one copy per degradation class plus a clean 170 dpi
copy; the other pages keep their text layer. Each copy is read and parsed, and its
table facts and table-cell figures on those pages are compared with the original's,
value for value. Prints one row per sample and class, the totals per class, the
seconds per OCR'd page and the peak memory. The OCR cache applies: point
JUESUAN_OCR_CACHE at an empty folder to time recognition.
"""

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from juesuan.landing.pdf_reader import read_pdf_report  # noqa: E402
from juesuan.parsing.report import parse_report  # noqa: E402
from tests.conftest import SHARED_BUDGETS, SHARED_PDFS  # noqa: E402
from tests.ocr_parity import cell_figures, fact_counts, parity  # noqa: E402
from tests.pdf_factory import image_only_pdf  # noqa: E402
from tests.scan_corpus import DEGRADATIONS, scanned_copy  # noqa: E402


def _percent(same: int, total: int) -> str:
    return f"{100 * same / total:.1f}%" if total else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", nargs="*", help="sample prefixes (default: every sample PDF)")
    parser.add_argument("--classes", nargs="*", default=["clean", *DEGRADATIONS], help="degradation classes")
    parser.add_argument("--pages", type=int, help="at most this many table pages per sample, those with most figures (default: all)")
    args = parser.parse_args()
    sources = sorted(SHARED_PDFS.glob("*.pdf")) + sorted(SHARED_BUDGETS.glob("*.pdf"))
    if args.samples:
        sources = [s for s in sources if s.name.split("_")[0] in args.samples]
    # CPU seconds a page bound the wall time on an idle machine from above (recognition uses every core it is given);
    # wall seconds on a machine shared with other work say little.
    print("| sample | class | pages | table facts (text / same) | % | cell figures (text / same) | % | s/page (wall) | CPU s/page |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    misses = []
    with tempfile.TemporaryDirectory() as folder:
        for source in sources:
            original = read_pdf_report(source)
            figures = cell_figures(original)
            by_figures = Counter({page: 0 for page in {c.page_no for c in original.cells}})
            by_figures.update(Counter(page for (page, _), count in figures.items() for _ in range(count)))
            pages = {page for page, _ in by_figures.most_common(args.pages)}  # the richest table pages first
            before = parse_report(original.lines, original.cells)
            expected_facts, expected_cells = fact_counts(before, pages=pages), cell_figures(original, pages)
            for name in args.classes:
                copy = Path(folder) / f"{name}_{source.name}"
                if name == "clean":
                    image_only_pdf(source, copy, pages=pages)
                else:
                    scanned_copy(source, copy, DEGRADATIONS[name], pages)
                started, cpu = time.perf_counter(), time.process_time()
                scanned = read_pdf_report(copy)
                seconds = (time.perf_counter() - started) / max(1, len(pages))
                cpu_seconds = (time.process_time() - cpu) / max(1, len(pages))
                after = parse_report(scanned.lines, scanned.cells)
                _, missed, extra = parity(before, after, pages)
                same_facts = expected_facts.total() - len(missed)
                same_cells = (expected_cells & cell_figures(scanned, pages)).total()
                row = totals[name]
                row[0] += expected_facts.total(); row[1] += same_facts; row[2] += expected_cells.total(); row[3] += same_cells
                print(f"| {source.name[:40]} | {name} | {len(pages)} | {expected_facts.total()} / {same_facts} | "
                      f"{_percent(same_facts, expected_facts.total())} | {expected_cells.total()} / {same_cells} | "
                      f"{_percent(same_cells, expected_cells.total())} | {seconds:.1f} | {cpu_seconds:.1f} |", flush=True)
                misses += [(source.name, name, "missed", fact) for fact in missed] + [(source.name, name, "extra", fact) for fact in extra]
    print("\n| class | table facts (text / same) | % | cell figures (text / same) | % |")
    print("| --- | --- | --- | --- | --- |")
    for name, (facts, same_facts, cells, same_cells) in totals.items():
        print(f"| {name} | {facts} / {same_facts} | {_percent(same_facts, facts)} | {cells} / {same_cells} | {_percent(same_cells, cells)} |")
    for sample, name, side, fact in misses:
        print(f"{sample} {name}: {side}: {fact}")
    print(f"peak memory (max RSS of this process): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
