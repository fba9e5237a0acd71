"""DDL of the tables Python writes: landing (`raw`) and parser output (`parsed`). dbt owns the rest."""

LANDING_DDL = """
create schema if not exists raw;
create table if not exists raw.source_files (
    source_file   varchar primary key,
    report_id     varchar not null,
    source_sha256 varchar not null,
    bytes         bigint not null,
    discovered_at timestamp not null
);
create table if not exists raw.documents (
    report_id     varchar primary key,
    source_file   varchar not null,
    source_sha256 varchar not null,
    source_format varchar not null,
    bytes         bigint not null,
    page_count    integer,
    status        varchar not null,
    reject_reason varchar,
    landed_at     timestamp not null,
    code_version  varchar not null
);
create table if not exists raw.lines (
    report_id varchar not null,
    page_no   integer,
    line_no   integer not null,
    text      varchar not null
);
create table if not exists raw.table_cells (
    report_id varchar not null,
    page_no   integer not null,
    table_no  integer not null,
    row_no    integer not null,
    col_no    integer not null,
    text      varchar,
    x0        double,
    top       double,
    x1        double,
    bottom    double
);
"""

PARSED_DDL = """
create schema if not exists parsed;
create table if not exists parsed.reports (
    report_id    varchar primary key,
    code_version varchar not null,
    parsed_at    timestamp not null
);
create table if not exists parsed.report_identity (
    report_id         varchar primary key,
    organization_name varchar,
    region_name       varchar,
    fiscal_year       integer,
    report_type       varchar,
    published_on      date,
    published_text    varchar,
    source_line_no    integer,
    source_text       varchar
);
create table if not exists parsed.standard_tables (
    report_id    varchar not null,
    table_code   varchar not null,
    page_no      integer,
    line_no      integer not null,
    source_text  varchar not null
);
create table if not exists parsed.parse_issues (
    report_id varchar not null,
    stage     varchar not null,
    message   varchar not null
);
"""
