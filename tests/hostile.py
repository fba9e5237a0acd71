"""A copy of the sample warehouse whose report-derived text is hostile: formulas, Markdown, HTML and control
characters, as an organisation name, a file name and a quoted line could carry them (OWASP CSV injection, a
Markdown image that makes a browser fetch, raw HTML, \\x07 that openpyxl refuses)."""

import shutil
from pathlib import Path

import duckdb

OUTSIDE = "evil.invalid"  # a reserved name: nothing resolves it, and a test sees any attempt to fetch it
PAYLOADS = [
    f'=HYPERLINK("http://{OUTSIDE}/f","点我")',
    "=cmd|'/Ccalc'!A0",
    "@SUM(A:A)",
    "+1+2",
    "-3+4",
    "\t=1+1",
    "\r=1+1",
    "局\x07办公室\x1b]0;title\x07",
    f"![](http://{OUTSIDE}/i.png)财政局",
    f"<img src=http://{OUTSIDE}/j.png>财政局",
    f"[点我](http://{OUTSIDE}/link) **粗体**",
    f"办公室\n# 注入的标题\n<script>fetch('http://{OUTSIDE}/s')</script>",
]


def hostile_copy(sample: Path, folder: Path) -> tuple[Path, dict[str, str]]:
    """The copy, and the payload each report now carries as its organisation name; its file name and quoted
    lines start with another (shifted by 8, so the few sample reports carry every payload between them); the
    subjects of its findings start with one of the Markdown and HTML payloads."""
    folder.mkdir(parents=True, exist_ok=True)
    warehouse = folder / "hostile.duckdb"
    shutil.copyfile(sample, warehouse)
    with duckdb.connect(str(warehouse)) as conn:
        reports = [
            row[0] for row in conn.execute("select report_id from marts.dim_reports order by source_file").fetchall()
        ]
        given = {report: PAYLOADS[n % len(PAYLOADS)] for n, report in enumerate(reports)}
        for n, (report, payload) in enumerate(given.items()):
            params = {"r": report, "p": payload}
            conn.execute("update marts.dim_reports set organization_name = $p where report_id = $r", params)
            conn.execute(
                """update marts.dim_organizations set organization_name = $p where organization_key in
                            (select organization_key from marts.dim_reports where report_id = $r)""",
                params,
            )
            params["p"] = PAYLOADS[(n + 8) % len(PAYLOADS)]
            conn.execute("update marts.dim_reports set source_file = $p || source_file where report_id = $r", params)
            conn.execute("update raw.documents set source_file = $p || source_file where report_id = $r", params)
            # the quoted line keeps its figure (so it is still quoted) with the payload before it
            conn.execute(
                """update marts.fct_reconciliation_checks set actual_source_text = $p || ' ' || actual_source_text
                            where report_id = $r and actual_source_text is not null""",
                params,
            )
            conn.execute("update raw.lines set text = $p || ' ' || text where report_id = $r", params)
            # a finding's subject names what the report printed (an item's name): the markup payloads, every report
            params["p"] = PAYLOADS[8 + n % 4]
            conn.execute(
                "update marts.fct_reconciliation_checks set subject = $p || ' ' || subject "
                "where report_id = $r and subject is not null",
                params,
            )
    return warehouse, given
