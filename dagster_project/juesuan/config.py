"""Where things live and how much work runs at once. Environment variables override the defaults (see CONTRACT)."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .limits import Limits

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"


def raw_dir() -> Path:
    return Path(os.environ.get("JUESUAN_RAW_DIR", REPO_ROOT / "raw")).resolve()


def warehouse_path() -> Path:
    """The published warehouse: replaced atomically at the end of a run, never written in place."""
    return Path(os.environ.get("JUESUAN_WAREHOUSE", REPO_ROOT / "warehouse" / "juesuan.duckdb")).resolve()


def build_path() -> Path:
    """Where dbt builds the next warehouse; nobody reads it until it is published."""
    published = warehouse_path()
    return published.with_name(f".{published.stem}.build{published.suffix}")


def dbt_target_path() -> Path:
    """dbt's target and log folder for runs on this warehouse (compiled SQL, run results, dbt.log):
    beside it, so a run writes nothing into the repository and two warehouses never share one."""
    published = warehouse_path()
    return published.with_name(f".{published.stem}.dbt")


def facts_root() -> str:
    """The facts store: a local or shared folder, or an object-store URL (s3://…) pyarrow can write."""
    return os.environ.get("JUESUAN_FACTS_DIR") or str(warehouse_path().parent / "facts")


def _env_number(name: str, default: float) -> float:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {value!r}") from None
    if number <= 0:
        raise ValueError(f"{name} must be positive, not {value!r}")
    return number


def worker_count() -> int:
    """Extraction worker processes: all cores unless JUESUAN_WORKERS says otherwise."""
    return int(_env_number("JUESUAN_WORKERS", os.cpu_count() or 1))


def extraction_timeout_seconds() -> float:
    return Limits.from_env().timeout_s


def worker_memory_mb() -> int:
    return Limits.from_env().worker_memory_mb


# OCR of pages without a text layer (landing/ocr).
def ocr_enabled() -> bool:
    return os.environ.get("JUESUAN_OCR", "on").strip().lower() != "off"


def ocr_max_pages() -> int:
    """Pages OCR'd per report: a 60-page scan takes 2–7 min here, inside the extraction timeout."""
    return int(_env_number("JUESUAN_OCR_MAX_PAGES", 60))


def ocr_budget_seconds() -> float:
    """OCR time per report: one image-only PDF must not hold its worker for the whole extraction timeout."""
    return _env_number("JUESUAN_OCR_BUDGET_S", 300)


def ocr_min_confidence() -> float:
    """Recognition confidence below which an OCR'd figure is a parse issue, not a fact."""
    return _env_number("JUESUAN_OCR_MIN_CONFIDENCE", 0.8)


def ocr_cache_dir() -> Path:
    """OCR results by page-image hash, beside the warehouse unless JUESUAN_OCR_CACHE says otherwise."""
    configured = os.environ.get("JUESUAN_OCR_CACHE")
    return Path(configured).resolve() if configured else warehouse_path().parent / "ocr_cache"


@contextmanager
def environment(**variables: str) -> Iterator[None]:
    """Set environment variables for the block only."""
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
