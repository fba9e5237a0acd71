"""A build's reports in chunks of whole organisations: dbt builds one chunk at a time.

Some of a query's state DuckDB cannot spill to disk (a CTE read by several branches is held whole, for
one), so one `dbt build` over every report needs more memory as the reports grow: past some number of reports
it runs out of memory (measured in docs/performance.md). Built a chunk at a time — the first chunk as a full build,
each next one as an incremental build of its reports (incremental.py) — a query never holds more than
a chunk's rows, whatever the number of reports. An organisation's reports stay in one chunk: the
cross-year and budget-vs-final rules pair them, as an incremental build's scope does.
"""

import os
from collections.abc import Mapping

# Reports per dbt build (JUESUAN_BUILD_CHUNK): each extra chunk costs a dbt invocation; a chunk's peak
# memory follows the build's memory limit, not the number of reports (docs/performance.md).
DEFAULT_CHUNK_REPORTS = 5000


def chunk_reports() -> int:
    value = os.environ.get("JUESUAN_BUILD_CHUNK", str(DEFAULT_CHUNK_REPORTS))
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"JUESUAN_BUILD_CHUNK must be a whole number of reports, 1 or more; it is {value!r}")
    return int(value)


def report_chunks(organizations: Mapping[str, str | None], size: int) -> list[frozenset[str]]:
    """Reports (keyed to their organisation, None when unknown) in chunks of about `size`, in report order;
    an organisation with more reports than `size` makes one larger chunk of its own. Never empty: a build
    of no reports is one empty chunk."""
    groups: dict[tuple[bool, str], list[str]] = {}
    for report, key in sorted(organizations.items()):
        groups.setdefault((key is None, report if key is None else key), []).append(report)
    chunks: list[list[str]] = [[]]
    for members in groups.values():
        if chunks[-1] and len(chunks[-1]) + len(members) > size:
            chunks.append([])
        chunks[-1].extend(members)
    return [frozenset(chunk) for chunk in chunks]
