{# Incremental builds (dagster_project/juesuan/warehouse_build/incremental.py): the build file starts as a copy of
   the published warehouse, and main.juesuan_build_scope names the reports to rebuild (the changed ones and
   every report of the same organisations). The sources then read only those reports' facts; a model
   reading another model's table reads the scope's rows of it (report_rows), and the `by_report`
   strategy replaces the scope's rows. In a full build the tables do not exist yet: plain `create table as`. #}

{% macro build_scope() -%} main.juesuan_build_scope {%- endmacro %}

{% macro report_rows(relation) -%}
    {%- if is_incremental() -%}
        (select * from {{ relation }} where report_id in (select report_id from {{ build_scope() }}))
    {%- else -%}
        {{ relation }}
    {%- endif -%}
{%- endmacro %}

{% macro get_incremental_by_report_sql(arg_dict) -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ arg_dict['target_relation'] }} where report_id in (select report_id from {{ build_scope() }});
    insert into {{ arg_dict['target_relation'] }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
    where report_id in (select report_id from {{ build_scope() }})
{%- endmacro %}

{# dbt tests in an incremental build check the rows it rewrote: a model's rows outside the scope are the
   published warehouse's, which passed them. Tests of tables without report_id check every row. #}
{% macro duckdb__get_where_subquery(relation) -%}
    {%- set where = config.get('where') -%}
    {%- set scoped = execute and adapter.get_relation(relation.database, 'main', 'juesuan_build_scope') is not none
        and 'report_id' in (adapter.get_columns_in_relation(relation) | map(attribute='name') | list) -%}
    {%- set conditions = ([where] if where else []) + (['report_id in (select report_id from ' ~ build_scope() ~ ')'] if scoped else []) -%}
    {%- if conditions -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ conditions | join(' and ') ~ ') dbt_subquery') -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
