"""What a warehouse is built from: the facts store's files and the code that turns them into marts."""

import hashlib
from pathlib import Path

from ..config import DBT_PROJECT_DIR
from ..facts.store import FactsStore
from ..versions import source_version

_DBT_SOURCES = {".sql", ".yml", ".yaml", ".csv"}


def dbt_project_files(project_dir: Path = DBT_PROJECT_DIR) -> list[Path]:
    """The dbt project's own files, sorted: models, macros, tests, seeds and YAML (not dbt's output or packages)."""
    return sorted(
        path
        for path in project_dir.rglob("*")
        if path.suffix in _DBT_SOURCES and not {"target", "logs", "dbt_packages"} & set(path.parts)
    )


def dbt_project_version() -> str:
    digest = hashlib.sha256()
    for path in dbt_project_files():
        digest.update(path.relative_to(DBT_PROJECT_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def manifest_is_current(manifest: Path, project_dir: Path = DBT_PROJECT_DIR) -> bool:
    """The manifest is newer than every file of the project."""
    if not manifest.exists():
        return False
    parsed_at = manifest.stat().st_mtime
    return all(path.stat().st_mtime <= parsed_at for path in dbt_project_files(project_dir))


def warehouse_code_version() -> str:
    """The code that turns facts into the published warehouse: the dbt project, its checks and its build."""
    return f"{dbt_project_version()}|{source_version('expectations', 'warehouse_build', 'defs')}"


def build_fingerprint(store: FactsStore) -> str:
    """Equal fingerprints mean an identical warehouse: a run can skip the build."""
    parts = (store.fingerprint(), warehouse_code_version())
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
