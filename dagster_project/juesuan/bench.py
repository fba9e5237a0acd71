"""`make bench`: the pipeline on N distinct reports made from the samples, cold, unchanged and with one added.

Prints per-phase seconds, reports per second, peak memory and the ratio to the
floors measured in the same run: reading and regex-scanning the texts, and
pdfplumber's text and table finder per PDF page divided by the worker count (the floor does no OCR, so
the PDF run's OCR cache is filled first with the samples' pages that have no text layer; --scans
measures OCR).
With --scans S, also S image-only copies of the sample PDFs read by OCR (cold cache),
with the pages OCR'd and seconds per page from the run summary.
With --check, first `juesuan check` on one final account, one budget, one text and one rejected file, each
against the floor of its read in a fresh process (pdfplumber's text and table finder on every page of the PDF;
reading and regex-scanning the text), every command a fresh process so start-up counts, the median of
--repeat runs (wall and CPU seconds: on a shared machine CPU seconds show the work when wall time shows the queue).
With --text 0 the text runs are skipped.
With --large K [K2 ...], also each of these warehouses cold and with one report added, and the cold runs' peaks
side by side (memory should not grow with the number of reports).
Not part of `make test`. Usage: python -m juesuan.bench [--check [--repeat R]] [--text N] [--pdf M] [--scans S] [--large K [K2 ...]]
"""

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .config import REPO_ROOT, worker_count

SAMPLE_TEXTS = sorted((REPO_ROOT / "raw").glob("*.txt"))
SAMPLE_PDFS = sorted((REPO_ROOT.parent / "shared" / "samples" / "pdf").glob("*.pdf"))
CHECKED_FINAL = REPO_ROOT.parent / "shared" / "samples" / "pdf" / "02_shanghai_putuo_guihua_ziranziyuan_2024_final.pdf"
CHECKED_BUDGET = REPO_ROOT.parent / "shared" / "samples" / "budget" / "21_shanghai_putuo_bangongshi_2025_budget.pdf"
# The floors of `juesuan check`, each in a fresh interpreter as the check is: the PDF's text and table finding on
# every page (as pdf_floor_per_page), the text's reading and regex scan (as text_floor).
_PDF_READ = (
    "import sys, pdfplumber\n"
    "with pdfplumber.open(sys.argv[1]) as pdf:\n"
    "    for page in pdf.pages:\n"
    "        page.extract_text(y_tolerance=5)\n"
    "        [table.extract() for table in page.find_tables()]\n"
)
_ELAPSED = re.compile(r"elapsed:\s+(?P<total>[\d.]+) s(?: \((?P<phases>[^)]*)\))?")
_PHASE = re.compile(r"(\w+) ([\d.]+) s")
_OCR = re.compile(r"OCR:\s+(.*)")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?\s*万?元")
_TEXT_READ = f"import re, sys\nre.findall({_NUMBER.pattern!r}, open(sys.argv[1], 'rb').read().decode('utf-8'))\n"
_PEAK = re.compile(r"^bench peak MB: ([\d.]+)$", re.MULTILINE)
# `juesuan run` in a small wrapper process, so the peak is this run's alone: the largest resident set
# of any process of the run (the CLI, Dagster, dbt and DuckDB in it, each extraction worker).
_PEAK_OF_RUN = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run([sys.executable, '-m', 'juesuan.cli', 'run']).returncode\n"
    "print(f'bench peak MB: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _copies(folder: Path, indexes: range, write) -> list[Path]:
    """write(index, folder) makes copy `index` and returns its path; every copy has its own content hash."""
    folder.mkdir(parents=True, exist_ok=True)
    return [write(index, folder) for index in indexes]


_CHINESE_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")


def _organisation(text: str) -> str | None:
    from .landing.text_reader import read_text_report
    from .parsing.identity import parse_report_identity

    return parse_report_identity(read_text_report(text.encode()).lines).organization_name


def _as_organisation(text: str, name: str | None, index: int) -> str:
    """The sample as the report of an organisation of its own (its name gets a numbered suffix, in Chinese
    digits: names have none), as a province's reports are: a report shares its organisation with that
    organisation's other years, not with thousands of copies, and incremental builds rebuild the organisation."""
    return text.replace(name, f"{name}第{str(index).translate(_CHINESE_DIGITS)}分处") if name else text


def make_texts(folder: Path, count: int, start: int = 0) -> list[Path]:
    """Copies of the real samples, each the report of its own organisation and with a numbered note appended."""
    samples = {sample: sample.read_text(encoding="utf-8") for sample in SAMPLE_TEXTS}
    names = {sample: _organisation(text) for sample, text in samples.items()}  # once per sample, not per copy

    def write(index: int, folder: Path) -> Path:
        sample = SAMPLE_TEXTS[index % len(SAMPLE_TEXTS)]
        path = folder / f"{sample.stem}_{index:05d}.txt"
        path.write_text(
            _as_organisation(samples[sample], names[sample], index) + f"\n附注：基准副本 {index}。\n", encoding="utf-8"
        )
        return path

    return _copies(folder, range(start, start + count), write)


def _pdf_comment(path: Path, index: int) -> Path:
    """A comment after %%EOF (readers ignore it) makes the copy distinct."""
    path.write_bytes(path.read_bytes() + f"\n% benchmark copy {index}\n".encode())
    return path


def make_pdfs(folder: Path, count: int) -> list[Path]:
    """Copies of the real PDFs."""

    def write(index: int, folder: Path) -> Path:
        sample = SAMPLE_PDFS[index % len(SAMPLE_PDFS)]
        path = folder / f"{sample.stem}_{index:05d}.pdf"
        path.write_bytes(sample.read_bytes())
        return _pdf_comment(path, index)

    return _copies(folder, range(count), write)


def make_scans(folder: Path, count: int) -> list[Path]:
    """Image-only copies of the real PDFs (JPEG pages at 170 dpi, as the tests make them)."""
    from tests.pdf_factory import image_only_pdf  # the test suite's scanner; `make bench` runs from the repo root

    def write(index: int, folder: Path) -> Path:
        return _pdf_comment(
            image_only_pdf(SAMPLE_PDFS[index % len(SAMPLE_PDFS)], folder / f"scan_{index:05d}.pdf"), index
        )

    return _copies(folder, range(count), write)


def text_floor(paths: list[Path]) -> float:
    """Seconds to read, decode and regex-scan every text: no extraction can be faster."""
    started = time.monotonic()
    for path in paths:
        _NUMBER.findall(path.read_bytes().decode("utf-8"))
    return time.monotonic() - started


def pdf_floor_per_page() -> float:
    """pdfplumber's text and table finder, seconds per page, over the sample PDFs (one core)."""
    import pdfplumber

    pages, started = 0, time.monotonic()
    for sample in SAMPLE_PDFS:
        with pdfplumber.open(sample) as pdf:
            for page in pdf.pages:
                page.extract_text(y_tolerance=5)
                for table in page.find_tables():
                    table.extract()
                pages += 1
    return (time.monotonic() - started) / pages


def warm_ocr_cache(cache: Path) -> int:
    """Recognise the sample PDFs' pages without a text layer into `cache` before the PDF run is timed (its copies'
    pages are the samples'): that run is compared with pdfplumber's floor, which does no OCR, and recognition
    has its own row (--scans). Returns the pages recognised."""
    from .landing.pdf_reader import read_pdf_report

    previous = os.environ.get("JUESUAN_OCR_CACHE")
    os.environ["JUESUAN_OCR_CACHE"] = str(cache)
    try:
        return sum(page.extraction_method == "ocr" for sample in SAMPLE_PDFS for page in read_pdf_report(sample).pages)
    finally:
        if previous is None:
            os.environ.pop("JUESUAN_OCR_CACHE")
        else:
            os.environ["JUESUAN_OCR_CACHE"] = previous


def pdf_pages(paths: list[Path]) -> int:
    import pdfplumber

    counts = {}
    for sample in SAMPLE_PDFS:
        with pdfplumber.open(sample) as pdf:
            counts[sample.stem] = len(pdf.pages)
    return sum(counts[next(s.stem for s in SAMPLE_PDFS if path.stem.startswith(s.stem))] for path in paths)


def run(raw: Path, work: Path, label: str) -> dict:
    """One `juesuan run` as a user runs it: wall time, the phases it reports, peak memory of its processes."""
    env = {
        **os.environ,
        "JUESUAN_RAW_DIR": str(raw),
        "JUESUAN_WAREHOUSE": str(work / "juesuan.duckdb"),
        "DAGSTER_HOME": str(work / "dagster_home"),
    }
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", _PEAK_OF_RUN], env=env, capture_output=True, text=True)
    wall = time.monotonic() - started
    (work / f"{label}.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        raise SystemExit(f"{label}: juesuan run failed (exit {result.returncode}); see {work / f'{label}.log'}")
    match = _ELAPSED.search(result.stdout)
    phases = {name: float(seconds) for name, seconds in _PHASE.findall(match.group("phases") or "")} if match else {}
    peak_mb = float(_PEAK.findall(result.stderr)[-1])
    ocr = _OCR.search(result.stdout)
    return {
        "label": label,
        "wall": wall,
        "pipeline": float(match.group("total")) if match else None,
        "phases": phases,
        "peak_mb": peak_mb,
        "ocr": ocr.group(1) if ocr else None,
    }


def timed(command: list[str]) -> tuple[float, float, int]:
    """Wall and CPU seconds (user + system, its processes) of one command, and its exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    code = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, code


def check_against_floor(files: list[tuple[str, Path]], repeat: int) -> list[str]:
    """`juesuan check FILE` against the floor of reading FILE, both fresh processes, medians of `repeat` runs."""
    juesuan = str(Path(sys.executable).with_name("juesuan"))
    lines = [
        "| file | juesuan check wall s (CPU s) | floor wall s (CPU s) | ratio wall (CPU) | exit |",
        "| --- | --- | --- | --- | --- |",
    ]
    for label, path in files:
        floor_code = _PDF_READ if path.suffix == ".pdf" else _TEXT_READ
        # alternated, so that a change in the machine's load weighs on both alike
        runs = [
            (timed([juesuan, "check", str(path)]), timed([sys.executable, "-c", floor_code, str(path)]))
            for _ in range(repeat)
        ]
        checks, floors = [check for check, _ in runs], [floor for _, floor in runs]
        check_wall, check_cpu = statistics.median([c[0] for c in checks]), statistics.median([c[1] for c in checks])
        floor_wall, floor_cpu = statistics.median([f[0] for f in floors]), statistics.median([f[1] for f in floors])
        lines.append(
            f"| {label} | {check_wall:.2f} ({check_cpu:.2f}) | {floor_wall:.2f} ({floor_cpu:.2f}) | "
            f"{check_wall / floor_wall:.2f}× ({check_cpu / floor_cpu:.2f}×) | {checks[-1][2]} |"
        )
    return lines


def report_line(result: dict, reports: int, floor: float | None = None) -> str:
    phases = ", ".join(f"{name} {seconds:.1f}" for name, seconds in result["phases"].items())
    rate = f"{reports / result['wall']:.1f} reports/s" if reports else "—"
    ratio = f"{result['phases'].get('extraction', 0) / floor:.2f}× floor ({floor:.1f} s)" if floor else "—"
    return (
        f"| {result['label']} | {result['wall']:.1f} | {result['pipeline'] or 0:.1f} | {phases} | {rate} | "
        f"{ratio} | {result['peak_mb']:.0f} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="juesuan.bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--text", type=int, default=1000, help="distinct text reports (default 1000)")
    parser.add_argument(
        "--pdf", type=int, default=50, help="distinct PDF reports (default 50; needs ../shared/samples/pdf)"
    )
    parser.add_argument(
        "--scans", type=int, default=0, help="image-only PDF copies read by OCR (default 0; minutes each)"
    )
    parser.add_argument(
        "--large",
        type=int,
        nargs="*",
        default=[],
        help="also: warehouses of this many texts, cold and with one report added (several sizes: their peaks compared)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="first: `juesuan check` on a final account, a budget, a text and a rejected file against their read",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each --check command, the median printed (default 3)"
    )
    parser.add_argument(
        "--added",
        type=int,
        default=1,
        help="one-added runs after each --large cold run, each adding one more text (default 1; its spread)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="juesuan-bench-"))
    workers = worker_count()
    print(f"work folder {work}; {workers} workers; logs of each run there\n")
    try:
        if args.check:
            rejected = work / "check" / "one_line.txt"
            rejected.parent.mkdir(parents=True)
            rejected.write_text("附注：一行文字。\n", encoding="utf-8")
            files = [
                (f"final account {CHECKED_FINAL.name}", CHECKED_FINAL),
                (f"budget {CHECKED_BUDGET.name}", CHECKED_BUDGET),
                (f"text {SAMPLE_TEXTS[0].name}", SAMPLE_TEXTS[0]),
                ("rejected: a one-line text", rejected),
            ]
            for line in check_against_floor([(label, path) for label, path in files if path.exists()], args.repeat):
                print(line, flush=True)
            print()
        print("| run | wall s | pipeline s | phases s | throughput | extraction vs floor | peak MB |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        cold = None
        if args.text:
            texts = make_texts(work / "text" / "raw", args.text)
            floor = text_floor(texts)
            cold = run(work / "text" / "raw", work / "text", "text cold")
            print(report_line(cold, args.text, floor / workers), flush=True)
            print(report_line(run(work / "text" / "raw", work / "text", "text unchanged"), 0), flush=True)
            make_texts(work / "text" / "raw", 1, start=args.text)
            print(report_line(run(work / "text" / "raw", work / "text", "text one added"), 1), flush=True)
        if args.pdf and SAMPLE_PDFS:
            pdfs = make_pdfs(work / "pdf" / "raw", args.pdf)
            pages = pdf_pages(pdfs)
            floor = pdf_floor_per_page() * pages / workers
            # the run's OCR cache is the default one, beside its warehouse
            recognised = warm_ocr_cache(work / "pdf" / "ocr_cache")
            label = f"{args.pdf} PDFs ({pages} pages; OCR cache warm: {recognised} sample pages) cold"
            print(report_line(run(work / "pdf" / "raw", work / "pdf", label), args.pdf, floor), flush=True)
        if args.scans and SAMPLE_PDFS:
            make_scans(work / "scan" / "raw", args.scans)
            scans = run(work / "scan" / "raw", work / "scan", f"{args.scans} scanned PDFs cold")
            print(report_line(scans, args.scans) + f" OCR: {scans['ocr']}", flush=True)
        peaks = {args.text: cold["peak_mb"]} if cold else {}
        for size in args.large:
            folder = work / f"large_{size}"
            make_texts(folder / "raw", size)
            large = run(folder / "raw", folder, f"{size} texts cold")
            print(report_line(large, size), flush=True)
            for count in range(size, size + args.added):
                make_texts(folder / "raw", 1, start=count)
                added = run(folder / "raw", folder, f"{count} texts, one added")
                print(report_line(added, 1) + f" {added['wall'] / large['wall']:.1%} of cold", flush=True)
            peaks[size] = large["peak_mb"]
        if args.large:
            print(
                "\npeak MB of the cold runs: "
                + ", ".join(f"{size:,} texts {peak:,.0f}" for size, peak in sorted(peaks.items()))
            )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
