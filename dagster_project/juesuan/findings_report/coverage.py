"""How much of the reports' tables was read: the figures placed by row label and column header, of those printed."""

from dataclasses import dataclass

import duckdb

COVERAGE_FLOOR_PCT = 98  # a report whose tables were read less than this is named


@dataclass(frozen=True)
class ReadCoverage:
    read: int
    found: int
    below_floor: list[tuple[str, float]]  # (source file, read coverage %) of reports read less than the floor

    @property
    def pct(self) -> float | None:
        return self.read / self.found * 100 if self.found else None


def read_coverage(conn: duckdb.DuckDBPyConnection) -> ReadCoverage:
    read, found = conn.execute(
        "select coalesce(sum(table_numbers_read), 0), coalesce(sum(table_numbers_found), 0) from marts.dim_reports"
    ).fetchone()
    below = conn.execute(
        "select source_file, read_coverage_pct::double from marts.dim_reports "
        "where read_coverage_pct < ? order by 2, 1",
        [COVERAGE_FLOOR_PCT],
    ).fetchall()
    return ReadCoverage(int(read), int(found), below)
