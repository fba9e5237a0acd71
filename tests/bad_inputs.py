"""Bad input, generated at test time: each case writes files into an input folder beside the
good reports, and states the status and reason each file must get.

`python -m tests.bad_inputs` lands each case's file alone in a subprocess and prints a
Markdown table of status, reason, time and peak memory (the table in the README).
"""

import random
import re
import shutil
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.conftest import REPORT_PARAGRAPHS, T02_ROWS, sample_path
from tests.pdf_factory import FONT, report_pdf, scanned_pdf

GOOD_TEXT = "003_5ae2df98b6bbde0e.txt"  # from raw/: tables and narrative
GOOD_PDF = "synthetic.pdf"  # tests/pdf_factory.py's report: runs without the shared samples
OUTSIDE_MARKER = "这一行在输入文件夹之外"  # a line only the files outside the input folder contain
GRAND_TOTAL_LINE = 416  # sample 003: "2021 年度收、支总计 3061.55 万元。与 2020 年度相比，…增加 118.27 万元"

# Real lines of sample 003 in Traditional characters, as a Big5 disclosure prints them.
BIG5_REPORT = (
    "# 2021 年度武漢市洪山區人民政府辦公室部門決算\n\n第三部分 2021 年度部門決算情況說明\n\n"
    "2021 年度收、支總計 3061.55 萬元。與 2020 年度相比，收、支總計各增加 118.27 萬元，增長 4.02%。\n"
)
BIG5_NOT_A_REPORT = "# 會議紀要\n\n本次會議討論了辦公室的年度工作安排，與會人員 12 人。\n"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def good_text() -> str:
    return sample_path("003").read_text(encoding="utf-8")


def write_good_reports(folder: Path, good_pdf: Path) -> None:
    """Sample 003 and a copy of `good_pdf` (reportlab stamps each PDF it makes with the time)."""
    shutil.copy(sample_path("003"), folder / GOOD_TEXT)
    shutil.copy(good_pdf, folder / GOOD_PDF)


def _with_line(text: str, line_no: int, old: str, new: str) -> str:
    lines = text.split("\n")
    assert old in lines[line_no - 1], (line_no, old)
    lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
    return "\n".join(lines)


def _distinct_copy(n: int) -> bytes:
    """Sample 003 with one line added: a new report (identical bytes would be the same report)."""
    return (good_text() + f"\n附注：副本 {n}。\n").encode("utf-8")


def _pages_pdf(path: Path, pages: int) -> None:
    page = canvas.Canvas(str(path), pagesize=A4)
    for page_no in range(1, pages + 1):
        page.setFont(FONT, 11)
        page.drawString(72, 760, f"{REPORT_PARAGRAPHS[0]} 第 {page_no} 页")
        page.drawString(72, 740, "本年收入合计 3,061.55 万元")
        page.showPage()
    page.save()


def _owner_password_pdf(path: Path, revision: int) -> None:
    """The good PDF with an owner password only (copying and editing forbidden, no password to open).

    qpdf writes it: reportlab's encryption leaves the CID font's strings unencrypted, so its
    output is garbled by any correct reader.
    """
    with pikepdf.open(report_pdf(path.with_suffix(".plain"), REPORT_PARAGRAPHS, T02_ROWS)) as pdf:
        forbid = pikepdf.Permissions(extract=False, modify_other=False, modify_annotation=False)
        pdf.save(
            path,
            encryption=pikepdf.Encryption(
                owner="owner", user="", R=revision, aes=revision >= 4, metadata=revision >= 4, allow=forbid
            ),
        )
    path.with_suffix(".plain").unlink()


def _zero_page_pdf(path: Path) -> None:
    pikepdf.new().save(path)


def _stream_bomb_pdf(path: Path, decompressed_mb: int = 1024) -> None:
    """One page whose content stream inflates to `decompressed_mb` MB of blanks (about 1 MB on disk)."""
    deflate = zlib.compressobj(9)
    parts = [deflate.compress(b"BT /F1 12 Tf 72 712 Td (x) Tj ET\n")]
    blanks = b" " * (1 << 20)
    parts += [deflate.compress(blanks) for _ in range(decompressed_mb)]
    parts.append(deflate.flush())
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].Contents = pdf.make_stream(b"")
    pdf.pages[0].Contents.write(b"".join(parts), filter=pikepdf.Name.FlateDecode)
    pdf.save(path)


def million_page_references_pdf(path: Path, stated_count: int = 1_000_000) -> None:
    """A 6 MB PDF whose page tree lists one blank page a million times, stating `stated_count` pages
    (a lying count when it is not a million). Written by hand: qpdf would copy the page on saving."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count %d /Kids [" % stated_count + b"3 0 R " * 1_000_000 + b"] >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    path.write_bytes(body + xref + b"trailer << /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % len(body))


def _docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as docx:
        docx.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        docx.writestr("word/document.xml", f"<w:document><w:t>{good_text()[:2000]}</w:t></w:document>")


def _huge_text(path: Path, megabytes: int = 200) -> None:
    chunk = good_text().encode("utf-8")
    with path.open("wb") as handle:
        while handle.tell() < megabytes << 20:
            handle.write(chunk)


def _outside_report(outside: Path, name: str) -> Path:
    outside.mkdir(parents=True, exist_ok=True)
    target = outside / name
    target.write_text(good_text().replace("第一部分", OUTSIDE_MARKER + "\n第一部分", 1), encoding="utf-8")
    return target


def _link_to_outside_file(folder: Path, outside: Path) -> None:
    (folder / "linked_report.txt").symlink_to(_outside_report(outside, "report.txt"))


def _link_to_outside_folder(folder: Path, outside: Path) -> None:
    _outside_report(outside / "reports", "report.txt")
    (folder / "linked_folder").symlink_to(outside / "reports", target_is_directory=True)


@dataclass(frozen=True)
class Case:
    name: str
    source_file: str  # relative to the input folder
    status: str  # landed | rejected
    reason: str | None  # a regular expression the reject_reason matches; None when landed
    make: Callable[[Path, Path], None]  # (input folder, a scratch folder outside it)


def _bytes(data: Callable[[], bytes]) -> Callable[[Path, Path], None]:
    return lambda path, outside: path.write_bytes(data())


def _file(write: Callable[[Path], object]) -> Callable[[Path, Path], None]:
    return lambda path, outside: write(path)


NOT_A_PDF = r"not a readable PDF \(corrupt or truncated\): "
ODD_NAMES = [
    "with space.txt",
    'it\'s "quoted".txt',
    "$(touch pwned).txt",
    "new\nline.txt",
    "-leading-dash.txt",
    "部门决算 副本.txt",
]

CASES = [
    Case("empty file", "empty.txt", "rejected", r"^file is empty \(0 bytes\)$", _bytes(lambda: b"")),
    Case("random bytes (.pdf)", "noise.pdf", "rejected", NOT_A_PDF, _bytes(lambda: random.Random(1).randbytes(8192))),
    Case(
        "random bytes (.txt)",
        "noise.txt",
        "rejected",
        r"^not text: the bytes read as none of UTF-8, GB18030, Big5",
        _bytes(lambda: random.Random(2).randbytes(8192)),
    ),
    Case(
        "truncated PDF",
        "truncated.pdf",
        "rejected",
        NOT_A_PDF,
        _file(lambda p: p.write_bytes(report_pdf(p, REPORT_PARAGRAPHS, T02_ROWS).read_bytes()[:1500])),
    ),
    Case(
        "password-encrypted PDF",
        "locked.pdf",
        "rejected",
        r"^PDF is encrypted with a password; provide an unencrypted copy$",
        _file(lambda p: report_pdf(p, REPORT_PARAGRAPHS, T02_ROWS, encrypt="secret")),
    ),
    *[
        Case(
            f"owner-password-only PDF (R{revision})",
            f"owner_password_r{revision}.pdf",
            "landed",
            None,
            _file(lambda p, r=revision: _owner_password_pdf(p, r)),
        )
        for revision in (3, 6)
    ],
    Case(
        "scanned PDF (no text layer)",
        "scanned.pdf",
        "rejected",
        r"no text layer( \(scanned\)|; OCR found no text)",
        _file(scanned_pdf),
    ),
    Case("zero-page PDF", "zero_pages.pdf", "rejected", r"^PDF has no pages$", _file(_zero_page_pdf)),
    Case(".docx named .pdf", "document.pdf", "rejected", NOT_A_PDF, _file(_docx)),
    Case(
        "NUL bytes in text",
        "nul_bytes.txt",
        "rejected",
        r"^file is binary \(contains NUL bytes\)",
        _bytes(lambda: good_text()[:3000].encode() + b"\x00\x00" + good_text()[3000:].encode()),
    ),
    *[
        Case(f"odd name {name!r}", name, "landed", None, _bytes(lambda n=n: _distinct_copy(n)))
        for n, name in enumerate(ODD_NAMES)
    ],
    Case("2,000-page PDF", "two_thousand_pages.pdf", "landed", None, _file(lambda p: _pages_pdf(p, 2000))),
    Case(
        "full-width digits",
        "full_width.txt",
        "landed",
        None,
        _bytes(lambda: good_text().translate(FULL_WIDTH).encode()),
    ),
    Case(
        "thousands separators",
        "thousands.txt",
        "landed",
        None,
        _bytes(lambda: good_text().replace("3061.55", "3,061.55").encode()),
    ),
    Case(
        "15-digit figure",
        "fifteen_digits.txt",
        "landed",
        None,
        _bytes(lambda: _with_line(good_text(), GRAND_TOTAL_LINE, "3061.55", "123456789012345.67").encode()),
    ),
    Case(
        "1e30 written out",
        "ten_to_the_thirty.txt",
        "landed",
        None,
        _bytes(lambda: _with_line(good_text(), GRAND_TOTAL_LINE, "118.27", "1" + "0" * 30).encode()),
    ),
    Case(
        "14-digit figures whose sums pass DECIMAL(20,6)",
        "fourteen_digits.txt",
        "landed",
        None,
        _bytes(
            lambda: (
                good_text()
                .replace("3061.55", "99999999999999.99")
                .replace("1,857.73", "99,999,999,999,999.99")
                .encode()
            )
        ),
    ),
    Case("UTF-16 with BOM", "utf16_bom.txt", "landed", None, _bytes(lambda: good_text().encode("utf-16"))),
    Case("UTF-16 without BOM", "utf16_le.txt", "landed", None, _bytes(lambda: good_text().encode("utf-16-le"))),
    Case("Big5 disclosure", "big5_report.txt", "landed", None, _bytes(lambda: BIG5_REPORT.encode("big5"))),
    Case(
        "Big5 text, not a disclosure",
        "big5_minutes.txt",
        "rejected",
        r"^not a budget disclosure: the text \(read as big5\) never mentions 决算 or 预算",
        _bytes(lambda: BIG5_NOT_A_REPORT.encode("big5")),
    ),
    Case(
        "symlink to a file outside",
        "linked_report.txt",
        "rejected",
        r"^symlink to a file outside the input folder \(.*report\.txt\); not followed$",
        lambda path, outside: _link_to_outside_file(path.parent, outside),
    ),
    Case(
        "symlink to a folder outside",
        "linked_folder",
        "rejected",
        r"^symlink to a folder outside the input folder \(.*reports\); not followed$",
        lambda path, outside: _link_to_outside_folder(path.parent, outside),
    ),
    Case(
        "compressed-stream bomb (1 GB in 1 MB)",
        "stream_bomb.pdf",
        "rejected",
        r"^PDF stream \d+ \([\d,]+ bytes\) decompresses to more than 64 MB \(JUESUAN_MAX_STREAM_MB\); not inflated$",
        _file(_stream_bomb_pdf),
    ),
    Case(
        "a million references to one page",
        "million_pages.pdf",
        "rejected",
        r"^PDF has 1000000 pages, over the limit of 5000 \(JUESUAN_MAX_PAGES\)$",
        _file(million_page_references_pdf),
    ),
    Case(
        "a million page references under a lying /Count",
        "lying_count.pdf",
        "rejected",
        r"^PDF has more than 5000 pages \(though its page tree's /Count says 1\), over the limit of 5000",
        _file(lambda p: million_page_references_pdf(p, stated_count=1)),
    ),
    Case(
        "200 MB text",
        "huge.txt",
        "rejected",
        r"^file is 200\.\d MB, over the limit of 100 MB \(JUESUAN_MAX_FILE_MB\); not read$",
        _file(_huge_text),
    ),
]


def write_case(case: Case, folder: Path, outside: Path) -> Path:
    path = folder / case.source_file
    case.make(path, outside)
    return path


def measure(case: Case, scratch: Path) -> tuple[str, str, float, float]:
    """(status, reason, seconds, peak MB) of extracting the case's file alone (landing and parsing, as a
    worker does), in a fresh process."""
    import json
    import os
    import subprocess
    import sys

    folder, outside = scratch / case.name.replace("/", "_"), scratch / (case.name.replace("/", "_") + "-outside")
    folder.mkdir(parents=True)
    write_case(case, folder, outside)
    probe = (
        "import json, re, sys, time\n"
        "from pathlib import Path\n"
        "from juesuan.extract.report import extract_report\n"
        "from juesuan.landing.discovery import discover_report_files\n"
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the parent (here pytest itself).
        "def peak_mb():\n    return int(re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text()).group(1)) / 1024\n"
        "started = time.monotonic()\n"
        "(report,) = [f for f in discover_report_files(Path(sys.argv[1])) if f.source_file == sys.argv[2]]\n"
        "outcome = extract_report(report, 'probe').outcome\n"
        "print(json.dumps([outcome.status, outcome.reject_reason or '', time.monotonic() - started, peak_mb()]))\n"
    )
    env = {**os.environ, "JUESUAN_OCR_CACHE": str(folder / "ocr_cache")}  # OCR measured cold, nothing cached elsewhere
    out = subprocess.run(
        [sys.executable, "-c", probe, str(folder), case.source_file],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    status, reason, seconds, peak_mb = json.loads(out.stdout.strip().splitlines()[-1])
    shutil.rmtree(folder, ignore_errors=True)
    return status, reason, seconds, peak_mb


def expected(case: Case, status: str, reason: str) -> bool:
    return status == case.status and (re.search(case.reason, reason) is not None if case.reason else not reason)


def main() -> None:
    import tempfile

    print("| case | status | reason | time (s) | peak memory (MB) |\n| --- | --- | --- | --- | --- |")
    unexpected = []
    with tempfile.TemporaryDirectory() as scratch:
        for case in CASES:
            status, reason, seconds, peak_mb = measure(case, Path(scratch))
            print(f"| {case.name} | {status} | {reason or '—'} | {seconds:.2f} | {peak_mb:.0f} |", flush=True)
            if not expected(case, status, reason):
                unexpected.append(case.name)
    if unexpected:
        raise SystemExit(f"not the expected status or reason: {', '.join(unexpected)}")


if __name__ == "__main__":
    main()
