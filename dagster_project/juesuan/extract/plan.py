"""Which reports a run must extract: new or changed files, or those asked for again."""

from collections.abc import Collection, Iterable

from ..landing.models import ReportFile


def pending_reports(
    reports: Iterable[ReportFile],
    complete: Collection[str],
    force: bool = False,
    only: Collection[str] = (),
) -> list[ReportFile]:
    """Reports without complete facts under this code version; `force` redoes all (or those in `only`,
    given as report ids or source files)."""
    pending = []
    for report in reports:
        asked = not only or report.report_id in only or report.source_file in only
        if asked and (force or report.report_id not in complete):
            pending.append(report)
    return pending
