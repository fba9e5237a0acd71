"""Great Expectations on the findings (expectations/suites.py): a suite per rule category of the registry seed,
failing rows flagged as the reports' discrepancies, and Data Docs written for a reviewer."""

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from juesuan.defs.reconciliation import CATEGORIES
from juesuan.expectations import process as expectations_process
from juesuan.expectations import suites as expectations
from juesuan.expectations.process import ExpectationsFailed
from juesuan.expectations.suites import Validator, findings_suite, rule_categories


def test_the_categories_are_the_registry_seeds(tmp_path, monkeypatch):
    with expectations.RULE_REGISTRY.open(encoding="utf-8", newline="") as seed:
        rows = list(csv.DictReader(seed))
    assert CATEGORIES == rule_categories() == tuple(sorted({row["category"] for row in rows}))
    # a category added to the seed gets its suite (and its Dagster check) without a change in Python
    added = tmp_path / "reconciliation_rules.csv"
    with added.open("w", encoding="utf-8", newline="") as seed:
        writer = csv.DictWriter(seed, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows + [{**rows[0], "rule_id": "XX_NEW", "category": "new_family"}])
    monkeypatch.setattr(expectations, "RULE_REGISTRY", added)
    assert rule_categories() == tuple(sorted(set(CATEGORIES) | {"new_family"}))


def test_a_failing_check_is_flagged_and_the_data_docs_show_each_category(tmp_path):
    # rows as the asset check reads them: 001's 政府采购 total against its parts fails, 004's T06 303 is a hint
    findings = pd.DataFrame(
        [
            {
                "category": "narrative_vs_table",
                "status": "fail",
                "rule_id": "NI_PROCUREMENT_SUM",
                "subject": "narrative procurement_total",
            },
            {
                "category": "table_arithmetic",
                "status": "hint",
                "rule_id": "TA_ECONOMIC_HIERARCHY",
                "subject": "T06 303",
            },
            {
                "category": "table_arithmetic",
                "status": "pass",
                "rule_id": "TA_T06_COST_TOTALS",
                "subject": "T06 personnel_cost",
            },
        ]
    )
    validator = Validator(
        {category: findings_suite() for category in ("narrative_vs_table", "table_arithmetic")}, docs=tmp_path / "docs"
    )
    failed = validator.validate(
        findings[findings["category"] == "narrative_vs_table"].reset_index(drop=True), "narrative_vs_table"
    )
    held = validator.validate(
        findings[findings["category"] == "table_arithmetic"].reset_index(drop=True), "table_arithmetic"
    )
    assert (failed.success, failed.failing_rows["rule_id"].tolist()) == (False, ["NI_PROCUREMENT_SUM"])
    assert (held.success, len(held.failing_rows)) == (True, 0)
    index = validator.write_docs()
    assert index == tmp_path / "docs" / "index.html" and index.exists()
    assert {page.stem for page in (tmp_path / "docs" / "expectations").glob("*.html")} == {
        "narrative_vs_table",
        "table_arithmetic",
    }
    pages = {
        page.parent.parent.parent.name: page.read_text(encoding="utf-8")
        for page in (tmp_path / "docs" / "validations").rglob("*.html")
    }
    assert set(pages) == {"narrative_vs_table", "table_arithmetic"}
    assert "Failed" in pages["narrative_vs_table"] or "failed" in pages["narrative_vs_table"]


def test_loading_the_definitions_does_not_import_great_expectations():
    """Every Dagster process loads the definitions (webserver, daemon, code server, a run that builds nothing):
    GX's seconds of import are paid only where a suite is made."""
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, juesuan.definitions; print(sorted(m for m in sys.modules if m.startswith('great_expectations')))",
        ],
        env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert loaded.strip() == "[]"


def test_the_expectations_process_names_what_failed(tmp_path):
    """GX validates in a child process (expectations/process.py): its error reaches the findings step whole (its
    results on a real build: tests/test_orchestration.py, the findings step's asset checks)."""
    with pytest.raises(ExpectationsFailed, match=r"Great Expectations failed on the build file(.|\n)*gone\.duckdb"):
        with expectations_process.validating(tmp_path / "gone.duckdb", tmp_path / "docs") as results:
            results()


_KILLED_RUN = """
import os, sys
from juesuan.expectations.process import start
if __name__ == "__main__":
    start()
    print(open(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read(), flush=True)
    os.kill(os.getpid(), 9)
"""


def test_the_expectations_process_ends_with_a_run_killed_by_sigkill(tmp_path):
    """A run killed while GX imports (kill -9: no clean-up of its own) leaves no process behind: the child's
    standard input closes with the run, and the child ends when it reads it."""
    script = tmp_path / "run.py"
    script.write_text(_KILLED_RUN, encoding="utf-8")
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert run.returncode == -9
    (child,) = run.stdout.split()
    deadline = time.monotonic() + 60  # it ends once GX is imported, seconds on a busy machine
    while Path(f"/proc/{child}").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not Path(f"/proc/{child}").exists()
