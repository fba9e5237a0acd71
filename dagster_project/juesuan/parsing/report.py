"""Parse one landed report into all its facts; each parser failure is recorded, not raised."""

from collections.abc import Callable
from dataclasses import dataclass, field

from ..landing.models import Line
from .identity import ReportIdentity, parse_report_identity
from .standard_tables import TableTitle, find_table_titles


@dataclass
class ParsedReport:
    identity: ReportIdentity
    tables: list[TableTitle] = field(default_factory=list)
    issues: list[tuple[str, str]] = field(default_factory=list)  # (stage, message)


def _attempt(issues: list[tuple[str, str]], stage: str, parse: Callable, default):
    try:
        return parse()
    except Exception as error:  # one broken section must not lose the rest of the report
        issues.append((stage, f"{type(error).__name__}: {error}"))
        return default


def parse_report(lines: list[Line]) -> ParsedReport:
    issues: list[tuple[str, str]] = []
    empty_identity = ReportIdentity(None, None, None, None, None, None, None, None)
    identity = _attempt(issues, "identity", lambda: parse_report_identity(lines), empty_identity)
    tables = _attempt(issues, "standard_tables", lambda: find_table_titles(lines), [])
    if identity.organization_name is None:
        issues.append(("identity", "organisation name not found in the title block or part headings"))
    if identity.fiscal_year is None:
        issues.append(("identity", "fiscal year not found in the title block or part headings"))
    return ParsedReport(identity=identity, tables=tables, issues=issues)
