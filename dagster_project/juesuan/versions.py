"""Code versions: a report is re-processed when the code that processed it changes."""

import hashlib
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def source_version(*subpackages: str) -> str:
    """Hash of the Python sources of the given subpackages (12 hex digits)."""
    digest = hashlib.sha256()
    for subpackage in subpackages:
        for path in sorted((PACKAGE_DIR / subpackage).rglob("*.py")):
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def landing_version() -> str:
    return source_version("landing")


def parsing_version() -> str:
    """Parsed facts depend on both how text was landed and how it is parsed."""
    return source_version("landing", "parsing")
