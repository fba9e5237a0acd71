"""The dashboard against a warehouse built from the samples: every page renders (Streamlit's AppTest),
findings show their source, and a headless-Chromium screenshot of each page where Chromium is installed."""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import duckdb
import juesuan.dashboard
import pytest
from juesuan.dashboard import data, source, tables
from streamlit.testing.v1 import AppTest

from tests.conftest import SHARED_PDFS, free_port

APP = str(Path(juesuan.dashboard.__file__).parent / "app.py")

PAGES = [
    "pages/overview.py",
    "pages/three_public.py",
    "pages/budget_execution.py",
    "pages/budget_vs_final.py",
    "pages/findings.py",
    "pages/sql.py",
]
CHROMIUM = Path("/usr/bin/chromium")


def _page(path: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    app.switch_page(path)
    return app.run()


def _report_id(warehouse: Path, prefix: str) -> str:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(
            "select report_id from marts.dim_reports where starts_with(source_file, $p)", {"p": prefix}
        ).fetchone()[0]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders(sample_warehouse_env, path):
    app = _page(path)
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value


def test_overview_counts_the_reports(sample_warehouse_env):
    app = _page(PAGES[0])
    with duckdb.connect(str(sample_warehouse_env), read_only=True) as conn:
        reports = conn.execute("select count(*) from marts.dim_reports").fetchone()[0]
    assert app.metric[0].value == f"{reports} 份"
    assert len(app.dataframe) == 1


def test_budget_vs_final_says_when_there_are_no_budget_reports(sample_warehouse_env):
    pairs = data.budget_vs_final()
    if pairs is not None and pairs.num_rows:
        pytest.skip("this warehouse has budget reports")
    assert "尚无预算报告" in _page(PAGES[3]).info[0].value


def test_tables_show_a_gap_as_a_dash_and_amounts_as_printed():
    # 01's T09 row: budget 0.95, actual not printed; T04's 总计 2,961.68; a count
    assert [
        tables.cell_text(v) for v in (Decimal("0.950000"), None, Decimal("2961.680000"), Decimal("100.000000"), 21)
    ] == ["0.95", "—", "2,961.68", "100", "21"]


def test_a_text_finding_shows_the_lines_around_it(sample_warehouse_env):
    app = _page(PAGES[4])
    app.selectbox[0].select(_report_id(sample_warehouse_env, "001_")).run()
    procurement = next(
        f for f in data.findings() if f.rule_id == "NI_PROCUREMENT_SUM" and "procurement" in f.subject_en
    )
    app.selectbox[1].set_value(procurement).run()
    assert not app.exception
    assert [m.value for m in app.metric] == ["1788.11", "1798.11", "10.00", "0.02"]
    marked = [code.value for code in app.code if "▶   704  本部门 2023 年度政府采购支出总额 1788.11 万元" in code.value]
    assert marked, [code.value for code in app.code]


def test_a_pdf_finding_shows_the_page_with_the_figure_boxed(sample_warehouse_env):
    if not any(SHARED_PDFS.glob("*.pdf")):
        pytest.skip(f"real sample PDFs not present at {SHARED_PDFS} (they are never committed)")
    app = _page(PAGES[4])
    app.selectbox[0].select(_report_id(sample_warehouse_env, "01_shanghai")).run()
    assert [m.value for m in app.metric][:3] == ["2,961.68", "0.3", "2,961.38"]
    assert len(app.get("image")) == 2  # the T04 cell and the narrative line, each cropped from its page


def test_figure_boxes_come_from_the_cells_and_the_lines_of_the_pdf(sample_warehouse_env):
    if not any(SHARED_PDFS.glob("*.pdf")):
        pytest.skip(f"real sample PDFs not present at {SHARED_PDFS} (they are never committed)")
    report_id = _report_id(sample_warehouse_env, "01_shanghai")
    row, cell = source.cell_boxes(
        data.page_cells(report_id, 13), "总计\t2,961.68\t总计\t2,961.68\t2,961.68\t\t", "2,961.68"
    )
    assert row[0] < cell[0] < cell[2] < row[2] and row[1] <= cell[1] and cell[3] <= row[3]  # the first 2,961.68
    pdf = data.source_pdf("01_shanghai_putuo_caizhengju_2024_final.pdf")
    line, figure = source.text_boxes(
        pdf, 21, "上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元。与2023年度相比，", "0.3"
    )
    assert line[0] < figure[0] < figure[2] < line[2] and figure[2] - figure[0] < 20  # three glyphs wide
    image = source.page_excerpt(pdf, 21, line, figure)
    assert image.width > 800 and image.height < 250  # a strip of the page, not the page
    assert source.text_boxes(pdf, 21, "这一行不在此页", "0.3") is None


def test_the_dashboard_holds_no_lock(sample_warehouse, tmp_path, monkeypatch):
    # A copy: other test processes read the shared sample warehouse, and their readers would block this writer.
    warehouse = Path(shutil.copy(sample_warehouse, tmp_path / "juesuan.duckdb"))
    monkeypatch.setenv("JUESUAN_WAREHOUSE", str(warehouse))
    _page(PAGES[4])
    duckdb.connect(str(warehouse)).close()  # a writer can open the file: no reader kept it


@contextmanager
def serving(warehouse: Path, raw: Path | None = None) -> Iterator[str]:
    """`juesuan dashboard` on a free port for this warehouse (and input folder): its URL while it runs. Its
    terminal (standard output and error) must show no warning once it has served the test's pages."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} for screenshots (apt-get install chromium)")
    port = free_port()
    env = {**os.environ, "JUESUAN_WAREHOUSE": str(warehouse)}
    env.pop("JUESUAN_RAW_DIR", None)
    if raw is not None:
        env["JUESUAN_RAW_DIR"] = str(raw)
    terminal = tempfile.TemporaryFile("w+", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "juesuan.cli", "dashboard", "--port", str(port)],
        env=env,
        stdout=terminal,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.5)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # Streamlit can take longer to close its sessions on a loaded machine
            server.kill()
            server.wait()
    with socket.socket() as probe:  # stopping `juesuan dashboard` stops the server (no orphan on the port)
        assert probe.connect_ex(("127.0.0.1", port)) != 0, f"a server still listens on {port}"
    with terminal:
        terminal.seek(0)
        printed = terminal.read()
    assert "warning" not in printed.lower() and "Traceback" not in printed, printed


@pytest.fixture
def served_dashboard(sample_warehouse_env):
    with serving(sample_warehouse_env, sample_warehouse_env.parent.parent / "raw") as url:
        yield url


def wait_for_page(page) -> None:
    """Until the page's script has finished: a title drawn and Streamlit's running indicator gone."""
    page.wait_for_selector("h1", timeout=60_000)
    for _ in range(2):  # twice, apart: the indicator shows only once the script has run for a moment
        page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
        page.wait_for_timeout(700)


def screenshot(page, shot: Path) -> None:
    """The page drawn whole (Streamlit scrolls inside its main block, so the viewport grows to the content)."""
    height = page.evaluate("document.querySelector('[data-testid=\"stMainBlockContainer\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": max(1000, height + 150)})
    page.wait_for_timeout(1000)
    page.screenshot(path=str(shot), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_a_screenshot_of_every_page(served_dashboard, tmp_path):
    """Each page drawn whole, with no "Deploy" button; JUESUAN_SCREENSHOTS=DIR keeps the PNGs, to look at."""
    from PIL import Image
    from playwright.sync_api import sync_playwright

    folder = Path(os.environ.get("JUESUAN_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for path in PAGES:
            name = Path(path).stem
            page.goto(f"{served_dashboard}/{'' if name == 'overview' else name}")
            wait_for_page(page)
            assert not page.query_selector('[data-testid="stException"]'), name
            assert not re.search(r"\bNone\b|\bnan\b", page.inner_text("[data-testid=stMain]")), name
            assert not page.query_selector('[data-testid="stAppDeployButton"]') and "Deploy" not in page.inner_text(
                "body"
            )
            shot = folder / f"{name}.png"
            screenshot(page, shot)
            with Image.open(shot) as image:
                colours = image.convert("RGB").resize((64, 64)).getcolors(64 * 64)
            assert len(colours) > 8, name  # drawn, not a blank page
        browser.close()
