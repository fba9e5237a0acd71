"""Report text stays data in what users open: exports hold no formula and no control character, the Markdown
report renders every hostile string as the same text, and the HTML report reads without a CJK font installed."""

import csv
import re
from io import BytesIO

import duckdb
import openpyxl
import pytest
from fontTools.ttLib import TTFont
from juesuan.export import FORMULA_STARTS, export_marts
from juesuan.findings_report import html
from juesuan.findings_report.findings import read_findings
from juesuan.findings_report.grouping import SECTION_TITLES
from juesuan.findings_report.markdown import markdown_text, render_markdown
from markdown_it import MarkdownIt

from tests.hostile import OUTSIDE, PAYLOADS, hostile_copy


@pytest.fixture(scope="module")
def hostile(sample_warehouse, tmp_path_factory):
    return hostile_copy(sample_warehouse, tmp_path_factory.mktemp("hostile"))


def _is_live(text: str) -> bool:
    """What Excel, WPS or LibreOffice would evaluate, or what must not reach a spreadsheet (control characters);
    a CSV number (-10.000000) is a number, not a formula."""
    return (text.startswith(FORMULA_STARTS) and not re.fullmatch(r"-\d+(\.\d+)?", text)) or bool(
        re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    )


def test_the_workbook_completes_and_holds_no_formula(hostile, tmp_path):
    warehouse, given = hostile
    (path,) = export_marts(warehouse, "xlsx", tmp_path)
    workbook = openpyxl.load_workbook(path)  # not read-only: cell types are checked
    sheet = workbook["dim_reports"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("单位名称 · organization_name") + 1
    names = [sheet.cell(row=row, column=column).value for row in range(2, sheet.max_row + 1)]
    assert "'=cmd|'/Ccalc'!A0" in names and "'@SUM(A:A)" in names and "'\t=1+1" in names
    assert "局␇办公室␛]0;title␇" in names  # \x07 and ESC drawn, not dropped: the name stays readable
    for worksheet in workbook.worksheets:
        for row in worksheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (worksheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not _is_live(cell.value), (worksheet.title, cell.coordinate, cell.value)
    assert len(given) >= 8  # names carry payloads 0–7, file names and quotes 8–11 and on: every payload is tried


def test_the_workbook_is_one_file_with_labelled_filtered_sheets(hostile, tmp_path):
    warehouse, _ = hostile
    written = export_marts(warehouse, "xlsx", tmp_path)
    assert [p.name for p in written] == ["juesuan.xlsx"] and list(tmp_path.iterdir()) == written
    workbook = openpyxl.load_workbook(written[0], read_only=False)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        tables = [
            r[0] for r in conn.execute("select table_name from duckdb_tables() where schema_name = 'marts'").fetchall()
        ]
        stated = conn.execute("""select count(*) from marts.fct_expenditure_by_function""").fetchone()[0]
    assert sorted(workbook.sheetnames) == sorted(["目录 contents", *(t[:31] for t in tables)])
    facts = workbook["fct_expenditure_by_function"]
    header = [cell.value for cell in facts[1]]
    assert header[:2] == ["单位名称 · organization_name", "年度 · fiscal_year"]
    assert "合计 · total_wan" in header
    assert (
        facts.freeze_panes == "A2"
        and facts.auto_filter.ref == f"A1:{facts.cell(1, len(header)).column_letter}{stated + 1}"
    )
    for table in tables:
        if table.startswith("fct_"):
            first = [cell.value for cell in workbook[table[:31]][1]]
            assert "单位名称 · organization_name" in first and "年度 · fiscal_year" in first, table


def test_csv_cells_are_inert(hostile, tmp_path):
    warehouse, _ = hostile
    export_marts(warehouse, "csv", tmp_path)
    with (tmp_path / "dim_reports.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    names = {row["organization_name"] for row in rows}
    assert f'\'=HYPERLINK("http://{OUTSIDE}/f","点我")' in names and "'+1+2" in names and "'-3+4" in names
    assert "'\r=1+1" in names
    for path in tmp_path.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                assert not any(_is_live(cell) for cell in row), (path.name, row)


def _rendered(markdown: str) -> str:
    return _renderer().render(markdown)


def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])  # GitHub's extensions but bare-URL links


def test_markdown_text_renders_as_the_same_text():
    renderer = _renderer()
    for payload in PAYLOADS:
        shown = renderer.renderInline(markdown_text(payload))
        # the rendered HTML, unescaped, is the payload on one line (controls drawn as symbols)
        plain = shown.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
        expected = " ".join(payload.splitlines()).replace("\x07", "␇").replace("\x1b", "␛")
        assert plain == expected, (payload, shown)


def test_the_markdown_report_shows_hostile_text_as_text(hostile):
    warehouse, given = hostile
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        findings = read_findings(conn)
    markdown = render_markdown(findings, "hostile\n# title <b>")
    rendered = _rendered(markdown)
    reports = len({f.report_id for f in findings})
    assert rendered.count("<h1>") == 1 and rendered.count("<h2>") == reports  # no heading from a name
    assert not re.search(r"<(img|script|a|em|h[4-6])\b", rendered)
    assert rendered.count("<strong>") == len(findings)  # our own **rule id**, no emphasis from a name
    assert "注入的标题" in rendered and OUTSIDE in rendered  # shown, as text


def _unreadable(page: str) -> set[str]:
    """The CJK characters of an HTML report no font it carries draws: the GB2312 font for all, each rare slice
    for the code points of its unicode-range."""
    from base64 import b64decode

    covered = set(TTFont(BytesIO(html.FONT.read_bytes())).getBestCmap())
    faces = re.findall(
        r'font-family: "Juesuan CJK Rare"; src: url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\) '
        r'format\("woff2"\); unicode-range: U\+([0-9A-F]+)-([0-9A-F]+);',
        page,
    )
    for data, low, high in faces:
        covered |= {p for p in TTFont(BytesIO(b64decode(data))).getBestCmap() if int(low, 16) <= p <= int(high, 16)}
    text = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    return {c for c in text if ord(c) > 0x2E7F and ord(c) not in covered}


def test_the_html_report_carries_a_font_for_its_own_words(hostile):
    warehouse, _ = hostile
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        page = html.render_html(read_findings(conn), "hostile")
    data = re.search(r"url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)", page)
    assert data and "Juesuan CJK Fallback" in page.split("body {")[1].split("}")[0]
    wording = "".join(html._HEAD + html._REPORT + html._TAIL) + "".join(a + b for a, b in SECTION_TITLES.values())
    missing = _unreadable(page + wording)
    assert not missing, sorted(missing)[:20]  # every CJK character the report prints has a glyph
    assert "<script" not in page and "<img" not in page and f"&lt;img src=http://{OUTSIDE}/j.png&gt;" in page


def test_a_name_outside_gb2312_reads_without_an_installed_font(sample_warehouse):
    """武汉市硚口区 (sample 002): 硚 is not in GB2312, so the report carries the slice that draws it, and only
    the slices of the characters it prints."""
    with duckdb.connect(str(sample_warehouse), read_only=True) as conn:
        findings = read_findings(conn)
    page = html.render_html(findings, "samples")
    assert "武汉市硚口区" in page and ord("硚") not in TTFont(BytesIO(html.FONT.read_bytes())).getBestCmap()
    assert _unreadable(page) == set()  # 硚 and every other CJK character: drawn by a font the page carries
    carried = re.findall(r"unicode-range: U\+([0-9A-F]+)-", page)
    assert "7800" in carried and len(carried) < len(list(html.RARE_FONTS.glob("*.woff2"))) / 4  # only what it prints
    written = (sample_warehouse.parent / "reports" / f"{sample_warehouse.stem}-latest.html").read_text(encoding="utf-8")
    assert "硚" in written and _unreadable(written) == set()  # the run's report, written section by section


def test_chromium_draws_the_rare_name_with_the_carried_slice(sample_warehouse):
    """In a browser: the slice's font face is loaded to draw 硚 (fonts listed before it lack the character)."""
    from playwright.sync_api import sync_playwright

    from tests.test_dashboard import CHROMIUM

    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    report = sample_warehouse.parent / "reports" / f"{sample_warehouse.stem}-latest.html"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(report.as_uri())
        faces = page.evaluate("""async () => { await document.fonts.ready;
            return [...document.fonts].map(f => [f.family.replaceAll('"', ''), f.unicodeRange, f.status]); }""")
        browser.close()
    assert ["Juesuan CJK Rare", "U+7800-7BFF", "loaded"] in faces, faces


def test_the_html_summary_counts_every_kind(hostile):
    warehouse, _ = hostile
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        findings = read_findings(conn)
    page = html.render_html(findings, "x")
    summary = page.split('<table class="summary">')[1].split("</table>")[0]
    assert "提示 notes" in summary
    rows = re.findall(r"</a></td>\n((?:<td>\d+</td>)+)</tr>", summary)
    per_kind = [sum(int(n) for n in re.findall(r"\d+", row)) for row in rows]
    shown = {k: 0 for k in SECTION_TITLES}
    for finding in findings:
        shown[finding.severity if finding.status == "fail" else finding.status] += 1
    assert sum(per_kind) == sum(shown.values())  # the table accounts for every finding, info notes too
    failures = shown["error"] + shown["warning"] + shown["info"]
    assert f"{failures} 项不符" in page and f"提示 {shown['info']}" in page
