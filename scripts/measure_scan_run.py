"""Seconds a page and peak memory per worker of a user's run on scanned reports (issue 30: "≤ 3 s a page").

Usage: .venv/bin/python scripts/measure_scan_run.py [--workers 2] [--pages 2] [--samples 01 02 ...]

Makes eight scan-like copies, one per sample and class (01 photocopy, 02 seal, 07
lineless, 21 noise, 22 skew, 23 photocopy, 24 150dpi, 25 jpeg40), each with its
`--pages` richest table pages degraded and its other pages on their text layer
(tests/scan_corpus.py), and runs `juesuan run` on them twice, in a fresh warehouse and
facts store: on an empty OCR cache, then again from the warm cache with
--full-refresh. The difference between the two is the OCR'd pages alone, each worker's
model loading included. Every process under the run is sampled from /proc every 0.5 s
(CPU seconds utime + stime, peak RSS VmHWM). Prints, per run, the summary's phase
seconds and each process that used more than a CPU second; then seconds a page (wall
and CPU) of the OCR'd pages. Measure on an idle machine: on shared cores wall seconds
say little.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from juesuan.landing.pdf_reader import read_pdf_report  # noqa: E402

from tests.conftest import SHARED_BUDGETS, SHARED_PDFS  # noqa: E402
from tests.ocr_parity import cell_figures  # noqa: E402
from tests.scan_corpus import DEGRADATIONS, scanned_copy  # noqa: E402

COPIES = {
    "01": "photocopy",
    "02": "seal",
    "07": "lineless",
    "21": "noise",
    "22": "skew",
    "23": "photocopy",
    "24": "150dpi",
    "25": "jpeg40",
}
_TICKS = os.sysconf("SC_CLK_TCK")


def _copies(folder: Path, pages: int, samples: list[str]) -> int:
    """The copies of `samples` in `folder`; the number of pages degraded."""
    degraded = 0
    for source in sorted(SHARED_PDFS.glob("*.pdf")) + sorted(SHARED_BUDGETS.glob("*.pdf")):
        prefix = source.name.split("_")[0]
        if prefix not in samples or prefix not in COPIES:
            continue
        name = COPIES[prefix]
        figures = cell_figures(read_pdf_report(source))
        by_page = Counter(page for (page, _), count in figures.items() for _ in range(count))
        richest = {page for page, _ in by_page.most_common(pages)}
        scanned_copy(source, folder / source.name, DEGRADATIONS[name], richest)
        degraded += len(richest)
    return degraded


def _descendants(root: int) -> list[int]:
    children, found = {root}, []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid, ppid = int(stat.parent.name), int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        found.append((pid, ppid))
    grew = True
    while grew:
        grew = False
        for pid, ppid in found:
            if ppid in children and pid not in children:
                children.add(pid)
                grew = True
    return sorted(children)


def _sample(pid: int) -> tuple[float, int, str] | None:
    """CPU seconds, peak RSS (kB) and command line of a live process."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        hwm = re.search(r"VmHWM:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / _TICKS, int(hwm.group(1)) if hwm else 0, command


def _run(command: list[str], environment: dict[str, str]) -> tuple[float, dict[str, float], dict]:
    """(wall s, phase seconds, {pid: (CPU s, peak RSS kB, command)}) of one `juesuan run`."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, text=True)
    seen: dict[int, tuple[float, int, str]] = {}
    while process.poll() is None:
        for pid in _descendants(process.pid):
            if (sample := _sample(pid)) is not None:
                seen[pid] = sample
        time.sleep(0.5)
    output = process.stdout.read()
    wall = time.perf_counter() - started
    print(output)
    phases = {name: float(s) for name, s in re.findall(r"(inventory|extraction|build) ([\d.]+) s", output)}
    return wall, phases, seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", type=int, default=2, help="table pages degraded per copy (the richest)")
    parser.add_argument("--samples", nargs="*", default=list(COPIES), help="which of the eight copies (a trial run)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        (work / "in").mkdir()
        pages = _copies(work / "in", args.pages, args.samples)
        environment = {
            **os.environ,
            "PYTHONPATH": str(ROOT / "dagster_project"),
            "JUESUAN_WORKERS": str(args.workers),
            "JUESUAN_OCR_CACHE": str(work / "ocr_cache"),
            "JUESUAN_WAREHOUSE": str(work / "warehouse.duckdb"),
            "JUESUAN_FACTS_DIR": str(work / "facts"),
        }
        juesuan = [str(Path(sys.executable).parent / "juesuan"), "run", str(work / "in")]
        extraction = {}
        for label, command in (("fresh cache", juesuan), ("warm cache", [*juesuan, "--full-refresh"])):
            wall, phases, seen = _run(command, environment)
            busy = {pid: s for pid, s in seen.items() if s[0] > 1.0}
            print(f"## {label}: {wall:.1f} s wall, phases {phases}")
            for pid, (cpu, hwm, command_line) in sorted(busy.items()):
                print(f"  pid {pid}: {cpu:.1f} CPU s, peak RSS {hwm // 1024} MB: {command_line[:90]}")
            extraction[label] = (phases.get("extraction", 0.0), sum(cpu for cpu, _, _ in busy.values()))
        (fresh_wall, fresh_cpu), (warm_wall, warm_cpu) = extraction["fresh cache"], extraction["warm cache"]
        print(
            f"OCR'd pages: {pages}; extraction {fresh_wall:.1f} s (fresh) - {warm_wall:.1f} s (warm) = "
            f"{(fresh_wall - warm_wall) / pages:.2f} s a page wall; all processes' CPU {fresh_cpu:.1f} - {warm_cpu:.1f} s "
            f"= {(fresh_cpu - warm_cpu) / pages:.2f} CPU s a page; load average now {os.getloadavg()[0]:.1f}, "
            f"{os.cpu_count()} cores"
        )


if __name__ == "__main__":
    main()
