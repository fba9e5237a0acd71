"""What a dashboard user meets beyond the pages' content: report text shown as text (no request leaves the
machine for a hostile name or quote), the SQL page's bounds, an empty warehouse, no warehouse, a missing input
folder, a bad port, a huge page's crop, rates at two decimals and one rule for the “three public” source."""

import os
import re
import shutil
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

import duckdb
import pytest
from juesuan.cli import main
from juesuan.dashboard import data, source, sql, tables
from streamlit.testing.v1 import AppTest

from tests.hostile import OUTSIDE, hostile_copy
from tests.test_dashboard import APP, CHROMIUM, PAGES, _page, _report_id, screenshot, serving, wait_for_page

SHOTS = Path(os.environ.get("JUESUAN_SCREENSHOTS", "")) if os.environ.get("JUESUAN_SCREENSHOTS") else None


# ---- the SQL page's engine


def test_a_query_reads_the_warehouse_with_a_row_limit(sample_warehouse_env):
    result = sql.run("select * from marts.fct_reconciliation_checks", limit=7)
    assert result.table.num_rows == 7 and result.truncated
    whole = sql.run("select count(*) as n from marts.dim_reports")
    assert not whole.truncated and whole.table.column("n")[0].as_py() > 0
    catalogue = sql.tables()
    assert catalogue[0][0] == "marts" and ("raw", "documents") in {(s, n) for s, n, _ in catalogue}
    assert sql.run(sql.browse_query("marts", "dim_reports"), limit=3).table.num_rows == 3


@pytest.mark.parametrize(
    "statement",
    [
        "create table marts.x as select 1",
        "delete from marts.dim_reports",
        "copy marts.dim_reports to '/tmp/juesuan-sql-page-leak.csv'",
        "select * from read_csv('/etc/passwd')",
        "attach '/tmp/juesuan-sql-page-other.duckdb' as other",
        "install httpfs",
        "set enable_external_access = true",
    ],
)
def test_a_query_can_only_read_the_warehouse(sample_warehouse_env, statement):
    with pytest.raises(duckdb.Error):
        sql.run(statement)
    assert not Path("/tmp/juesuan-sql-page-leak.csv").exists()
    assert data.overview()["reports"] > 0  # the warehouse is as it was


def test_a_long_query_is_stopped_at_the_timeout(sample_warehouse_env):
    import time

    started = time.monotonic()
    with pytest.raises(sql.QueryTimeout):
        sql.run("select sum(hash(i)) from range(100000000000) t(i)", timeout=1)
    assert time.monotonic() - started < 10  # interrupted, not run to its end (minutes)
    assert sql.run("select 1 as one").table.column("one")[0].as_py() == 1  # the next query runs


def test_the_csv_download_is_inert():
    import pyarrow as pa

    table = pa.table(
        {"name": ['=HYPERLINK("http://x")', "局\x07办", "普通"], "wan": [Decimal("1.50"), None, Decimal("-2")]}
    )
    text = sql.csv_bytes(table).decode("utf-8-sig")
    assert text.splitlines() == ["name,wan", '"\'=HYPERLINK(""http://x"")",1.50', "局␇办,", "普通,-2.00"]


def test_the_sql_page_runs_a_query_and_offers_csv(sample_warehouse_env):
    app = _page("pages/sql.py")
    assert not app.exception, [e.value for e in app.exception]
    app.text_area[0].set_value("select report_id, organization_name from marts.dim_reports order by 1").run()
    assert not app.exception and len(app.dataframe) == 1
    with duckdb.connect(str(sample_warehouse_env), read_only=True) as conn:
        reports = conn.execute("select count(*) from marts.dim_reports").fetchone()[0]
    assert app.dataframe[0].value.shape == (reports, 2)
    app.text_area[0].set_value("drop table marts.dim_reports").run()
    assert "the query failed" in app.error[0].value


# ---- states that must be said plainly


@pytest.fixture(scope="module")
def empty_warehouse(sample_warehouse, tmp_path_factory) -> Path:
    """The sample warehouse with every table emptied: what a run over no reports would have published."""
    warehouse = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    shutil.copyfile(sample_warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as conn:
        for schema, name in conn.execute(
            "select schema_name, table_name from duckdb_tables() where not internal"
        ).fetchall():
            if (schema, name) not in {
                ("marts", "dim_metrics"),
                ("marts", "reconciliation_rules"),
                ("marts", "rule_labels"),
            }:
                conn.execute(f'delete from "{schema}"."{name}"')
    return warehouse


@pytest.mark.parametrize("path", PAGES)
def test_an_empty_warehouse_says_so_on_every_page(empty_warehouse, monkeypatch, path):
    monkeypatch.setenv("JUESUAN_WAREHOUSE", str(empty_warehouse))
    app = _page(path)
    assert not app.exception, [e.value for e in app.exception]
    if path == "pages/overview.py":
        assert "holds no reports yet" in app.info[0].value and not app.get("arrow_vega_lite_chart")
    if path == "pages/findings.py":
        assert "no findings match" in app.info[0].value


def test_without_a_warehouse_the_dashboard_says_what_to_run(tmp_path, monkeypatch):
    monkeypatch.setenv("JUESUAN_WAREHOUSE", str(tmp_path / "none.duckdb"))
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception and "make run" in app.error[0].value


def test_a_bad_port_is_a_usage_error(capsys):
    assert main(["dashboard", "--port", "99999"]) == 2
    error = capsys.readouterr().err
    assert "--port" in error and "65535" in error and "Traceback" not in error


def test_a_pdf_not_found_says_to_set_the_input_folder(sample_warehouse_env, monkeypatch):
    from tests.conftest import SHARED_PDFS

    if not any(SHARED_PDFS.glob("*.pdf")):
        pytest.skip(f"real sample PDFs not present at {SHARED_PDFS}")
    monkeypatch.delenv("JUESUAN_RAW_DIR")
    app = _page("pages/findings.py")
    app.selectbox[0].select(_report_id(sample_warehouse_env, "01_shanghai")).run()
    captions = [c.value for c in app.caption]
    assert any("set JUESUAN\\_RAW\\_DIR to the folder" in c for c in captions), captions


def test_rates_show_two_decimals_like_the_stated_ones(sample_warehouse_env):
    assert tables.cell_text(Decimal("98.194444"), rate=True) == "98.19"
    assert tables.cell_text(Decimal("100.000000"), rate=True) == "100.00"
    app = _page("pages/budget_execution.py")
    frame = app.dataframe[0].value
    for column in ("completion_rate_pct", "completion_rate_reported_pct"):
        shown = [v for v in frame[column] if v != "—"]
        assert shown and all(re.fullmatch(r"-?[\d,]+\.\d\d", v) for v in shown), (column, shown[:5])


def test_the_three_public_page_keeps_one_row_per_item_by_the_documented_flag(
    sample_warehouse_env, tmp_path, monkeypatch
):
    rows = data.three_public_costs().to_pylist()
    keys = [(r["organization_name"], r["fiscal_year"], r["report_scope"], r["item"]) for r in rows]
    assert len(keys) == len(set(keys))  # one row per item: a sum does not double
    # the page follows the documented flag, not a rule of its own: set otherwise, it is followed
    flagged = tmp_path / "flagged.duckdb"
    shutil.copyfile(sample_warehouse_env, flagged)
    with duckdb.connect(str(flagged)) as conn:
        conn.execute("update marts.fct_three_public_costs set is_preferred_source = source_kind = 'narrative'")
        narrative = conn.execute("""select count(*) from marts.fct_three_public_costs t join marts.dim_reports d
                                    using (report_id) where d.report_type = 'final_account'
                                    and t.source_kind = 'narrative'""").fetchone()[0]
    monkeypatch.setenv("JUESUAN_WAREHOUSE", str(flagged))
    chosen = data.three_public_costs()
    assert chosen.num_rows == narrative and set(chosen.column("source_kind").to_pylist()) <= {"narrative"}


def test_two_budgets_of_one_organisation_and_year_are_told_apart_by_scope(sample_warehouse_env):
    """Samples 21 and 22: 上海市普陀区人民政府办公室's 2025 部门预算 and 单位预算 differ only in report_scope; the
    pickers name it, and so does dim_reports' description where SQL users look."""
    import pyarrow as pa

    both = pa.table(
        {
            "report_id": ["21", "22"],
            "organization_name": ["上海市普陀区人民政府办公室"] * 2,
            "fiscal_year": [2025, 2025],
            "report_type": ["budget"] * 2,
            "report_scope": ["department", "unit"],
            "source_file": [
                "21_shanghai_putuo_bangongshi_2025_budget.pdf",
                "22_shanghai_putuo_bangongshi_2025_unit_budget.pdf",
            ],
        }
    )
    assert data.report_titles(both) == {
        "21": "上海市普陀区人民政府办公室 2025 部门预算",
        "22": "上海市普陀区人民政府办公室 2025 单位预算",
    }
    with duckdb.connect(str(sample_warehouse_env), read_only=True) as conn:
        (comment,) = conn.execute(
            "select comment from duckdb_tables() where schema_name = 'marts' and table_name = 'dim_reports'"
        ).fetchone()
    assert "report_scope" in comment and "单位" in comment and "部门" in comment


# ---- a huge page's crop


def test_a_crop_of_a_huge_page_is_bounded(tmp_path):
    """A 200-inch page (PDF's largest) with one line: the strip is drawn within MAX_PIXELS, and drawing it grows
    the process's peak memory by little (rendering the page first, as before, cost 3.9 GB)."""
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "huge.pdf"
    page = canvas.Canvas(str(pdf), pagesize=(14400, 14400))
    page.setFont("Helvetica", 40)
    page.drawString(100, 7000, "Total 2961.68")
    page.save()
    probe = textwrap.dedent(f"""
        import resource
        from juesuan.dashboard import source
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        image = source.page_excerpt({str(pdf)!r}, 1, (100, 7340, 400, 7400), (220, 7340, 400, 7400))
        print(image.width, image.height, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
    """)
    width, height, grown_mb = map(
        int, subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    )
    assert width <= source.MAX_PIXELS[0] and height <= source.MAX_PIXELS[1] and width > 1000
    # the whole page at 110 dpi would be 22,000 × 22,000 pixels: 1.9 GB as RGBA before any crop
    assert grown_mb < 150, grown_mb


# ---- report text in the browser: nothing live, nothing fetched


def test_hostile_report_text_fetches_nothing_and_stays_text(sample_warehouse, tmp_path):
    """Every page, and the findings page on each hostile report, in Chromium: no request leaves 127.0.0.1,
    no image, link or heading is made of report text, and the payloads are on the page as text."""
    from playwright.sync_api import sync_playwright

    warehouse, given = hostile_copy(sample_warehouse, tmp_path / "hostile")
    outside: list[str] = []
    with serving(warehouse, sample_warehouse.parent.parent / "raw") as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})

        def watch(route):
            if urlparse(route.request.url).hostname not in ("127.0.0.1", "localhost"):
                outside.append(route.request.url)
                return route.abort()
            return route.continue_()

        page.route("**/*", watch)
        for path in PAGES:
            name = Path(path).stem
            page.goto(f"{url}/{'' if name == 'overview' else name}")
            wait_for_page(page)
            assert not page.query_selector('[data-testid="stException"]'), name
        page.goto(f"{url}/findings")
        wait_for_page(page)
        bodies, markups = [], []
        for _ in range(len(given)):  # each report in turn: its most serious finding, quotes and source shown
            page.locator('[data-testid="stSelectbox"]').first.click()
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")
            wait_for_page(page)
            page.wait_for_timeout(1000)
            bodies.append(page.inner_text("[data-testid=stMain]"))
            markups.append(page.inner_html("[data-testid=stMain]"))
            if SHOTS and OUTSIDE in bodies[-1] and not (SHOTS / "findings_hostile.png").exists():
                screenshot(page, SHOTS / "findings_hostile.png")
        browser.close()
    assert outside == [], outside
    assert len(set(bodies)) > 1 and any(f"![](http://{OUTSIDE}/i.png)" in body for body in bodies)  # shown, as text
    for markup in markups:
        live = re.search(rf"<(img|a|script)\b[^>]*{re.escape(OUTSIDE)}", markup)
        assert not live, markup[max(0, live.start() - 300) : live.end() + 300]
        # the name's "\n# 注入的标题" stays inside its line: no heading starts with it
        headings = [
            re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", markup, flags=re.S)
        ]
        assert not any(h.startswith(("注入的标题", "# 注入")) for h in headings), headings


def test_an_empty_warehouse_and_no_warehouse_in_the_browser(empty_warehouse, tmp_path):
    """The overview of an empty warehouse: the message, no chart (and no “0.000000” axis tick); without a warehouse
    the sidebar lists the pages by their titles, not their file names."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        with serving(empty_warehouse) as url:
            page.goto(url)
            wait_for_page(page)
            main_text = page.inner_text("[data-testid=stMain]")
            charts = page.query_selector_all('[data-testid="stVegaLiteChart"]')
            if SHOTS:
                screenshot(page, SHOTS / "empty_warehouse.png")
        with serving(tmp_path / "none.duckdb") as url:
            page.goto(url)
            page.wait_for_selector('[data-testid="stAlert"]', timeout=60_000)
            sidebar = page.inner_text('[data-testid="stSidebar"]')
            missing = page.inner_text("[data-testid=stMain]")
            if SHOTS:
                screenshot(page, SHOTS / "no_warehouse.png")
        browser.close()
    assert "holds no reports yet" in main_text and not charts and "0.000000" not in main_text
    assert "总览 Overview" in sidebar and "SQL 查询 Query" in sidebar and "overview" not in sidebar
    assert "no warehouse at" in missing
