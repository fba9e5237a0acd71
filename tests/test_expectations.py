"""Great Expectations on the findings (expectations/suites.py): a suite per rule category of the registry seed,
failing rows flagged as the reports' discrepancies, and Data Docs written for a reviewer."""

import csv
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
from juesuan.defs.reconciliation import CATEGORIES
from juesuan.expectations import suites as expectations
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
