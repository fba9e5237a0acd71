"""Where things live. Environment variables override the repository defaults (see CONTRACT)."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"


def raw_dir() -> Path:
    return Path(os.environ.get("JUESUAN_RAW_DIR", REPO_ROOT / "raw")).resolve()


def warehouse_path() -> Path:
    return Path(os.environ.get("JUESUAN_WAREHOUSE", REPO_ROOT / "warehouse" / "juesuan.duckdb")).resolve()


def discrepancy_report_path() -> Path:
    return warehouse_path().parent / "reports" / "discrepancies.md"
