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

_PROVENANCE = """
    source_kind  varchar not null,
    source_table varchar,
    page_no      integer,
    line_no      integer,
    source_text  varchar not null"""

# Amounts are stored as the exact decimal text the parser read; dbt casts them to DECIMAL.
PARSED_DDL = f"""
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
    report_id      varchar not null,
    table_code     varchar not null,
    page_no        integer,
    line_no        integer not null,
    source_text    varchar not null,
    row_count      integer not null,
    declared_empty boolean not null,
    formulas       varchar
);
create table if not exists parsed.metrics (
    report_id     varchar not null,
    metric        varchar not null,
    value         varchar not null,
    unit          varchar not null,
    reported_unit varchar not null,{_PROVENANCE}
);
create table if not exists parsed.function_amounts (
    report_id           varchar not null,
    function_code       varchar,
    function_name       varchar not null,
    total               varchar,
    basic               varchar,
    project             varchar,
    share_pct           varchar,
    reported_unit varchar not null,
    code_recovered_from varchar,{_PROVENANCE}
);
create table if not exists parsed.budget_execution (
    report_id                varchar not null,
    function_code            varchar,
    function_path            varchar not null,
    level                    varchar,
    initial_budget           varchar not null,
    final                    varchar not null,
    completion_rate_reported varchar,
    direction_reported       varchar,
    reported_unit varchar not null,
    reason_text              varchar,{_PROVENANCE}
);
create table if not exists parsed.economic_amounts (
    report_id     varchar not null,
    economic_code varchar not null,
    economic_name varchar not null,
    cost_type     varchar not null,
    reported_unit varchar not null,
    amount        varchar,{_PROVENANCE}
);
create table if not exists parsed.three_public_costs (
    report_id                varchar not null,
    item                     varchar not null,
    budget                   varchar,
    actual                   varchar,
    change_vs_prior          varchar,
    change_vs_prior_pct      varchar,
    reported_unit varchar not null,
    completion_rate_reported varchar,{_PROVENANCE}
);
create table if not exists parsed.project_performance (
    report_id               varchar not null,
    project_name            varchar,
    budget                  varchar,
    executed                varchar,
    execution_rate_reported varchar,
    self_score              varchar,
    budget_unit             varchar not null,
    executed_unit           varchar not null,{_PROVENANCE}
);
create table if not exists parsed.performance_indicators (
    report_id        varchar not null,
    scope            varchar not null,
    project_name     varchar,
    goal_no          integer,
    level1_indicator varchar,
    level2_indicator varchar,
    indicator_name   varchar not null,
    target_text      varchar,
    actual_text      varchar,
    target_value     varchar,
    actual_value     varchar,
    value_unit       varchar,
    comparator       varchar,
    weight           varchar,
    score            varchar,{_PROVENANCE}
);
create table if not exists parsed.parse_issues (
    report_id varchar not null,
    stage     varchar not null,
    message   varchar not null
);
"""
