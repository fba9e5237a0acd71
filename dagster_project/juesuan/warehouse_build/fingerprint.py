"""What a warehouse is built from: the facts store's files and the code that turns them into marts."""

import hashlib

from ..config import DBT_PROJECT_DIR
from ..facts.store import FactsStore
from ..versions import source_version

_DBT_SOURCES = {".sql", ".yml", ".yaml", ".csv"}


def dbt_project_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(DBT_PROJECT_DIR.rglob("*")):
        if path.suffix in _DBT_SOURCES and not {"target", "logs", "dbt_packages"} & set(path.parts):
            digest.update(path.relative_to(DBT_PROJECT_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def warehouse_code_version() -> str:
    """The code that turns facts into the published warehouse: the dbt project, its checks and its build."""
    return f"{dbt_project_version()}|{source_version('expectations', 'warehouse_build', 'defs')}"


def build_fingerprint(store: FactsStore) -> str:
    """Equal fingerprints mean an identical warehouse: a run can skip the build."""
    parts = (store.fingerprint(), warehouse_code_version())
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
