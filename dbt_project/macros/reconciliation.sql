{# ±0.5·10^-d: the interval a value printed with d decimals stands for (as DECIMAL, no DOUBLE). #}
{% macro half_unit(d) -%}
    cast(case {{ d }} when 0 then 0.5 when 1 then 0.05 when 2 then 0.005 when 3 then 0.0005
                      when 4 then 0.00005 else 0.000005 end as decimal(20, 6))
{%- endmacro %}

{# A total of n parts, each printed with d decimals: |total − Σparts| ≤ 0.5·10^-d·(n+1) (XBRL Calculations 1.1). #}
{% macro sum_tolerance(d, n) -%}
    cast({{ half_unit(d) }} * ({{ n }} + 1) as decimal(20, 6))
{%- endmacro %}

{# A printed rate passes when it lies in the interval the rounded inputs allow: the widest
   distance from num ÷ den to the rate at the interval's corners, plus the rate's own rounding. #}
{% macro rate_tolerance(num, num_err, den, den_err, printed_d) -%}
    cast(greatest(
        abs(coalesce({{ pct_of('(' ~ num ~ ' + ' ~ num_err ~ ')', '(' ~ den ~ ' - ' ~ den_err ~ ')') }}, 0) - {{ pct_of(num, den) }}),
        abs({{ pct_of(num, den) }} - coalesce({{ pct_of('(' ~ num ~ ' - ' ~ num_err ~ ')', '(' ~ den ~ ' + ' ~ den_err ~ ')') }}, 0))
    ) + {{ half_unit(printed_d) }} as decimal(20, 6))
{%- endmacro %}

{# The columns every rule model returns; `expected`/`actual` name relations (or CTE aliases)
   carrying source_table, page_no, line_no and source_text for each side. try_cast: a sum of
   storable figures may pass DECIMAL(20,6); that check gets no verdict instead of failing the build.
   passed: null = not applicable; missing: true = the report should state it but it was not read;
   actual_decimals: decimals the stated value was printed with (a closer difference is no difference). #}
{% macro check_columns(rule_id, subject, expected_value, actual_value, tolerance, expected, actual, formula="null", note="null", passed=none, missing="false", actual_decimals="null") -%}
    {{ rule_id }} as rule_id,
    {{ subject }} as subject,
    try_cast({{ expected_value }} as decimal(20, 6)) as expected_value,
    try_cast({{ actual_value }} as decimal(20, 6)) as actual_value,
    try_cast({{ tolerance }} as decimal(20, 6)) as tolerance,
    {% if passed is none -%}
    abs(try_cast({{ actual_value }} as decimal(20, 6)) - try_cast({{ expected_value }} as decimal(20, 6)))
        <= try_cast({{ tolerance }} as decimal(20, 6))
    {%- else -%}
    {{ passed }}
    {%- endif %} as passed,
    {{ passed is none }} as is_equality,
    coalesce({{ missing }}, false) as is_missing,
    cast({{ actual_decimals }} as integer) as actual_decimals,  {# typed when a rule leaves it null: never DuckDB's "NULL" type #}
    cast({{ formula }} as varchar) as rule_formula,
    {{ expected }}.source_table as expected_source_table,
    {{ expected }}.page_no as expected_page_no,
    {{ expected }}.line_no as expected_line_no,
    {{ expected }}.source_text as expected_source_text,
    {{ actual }}.source_table as actual_source_table,
    {{ actual }}.page_no as actual_page_no,
    {{ actual }}.line_no as actual_line_no,
    {{ actual }}.source_text as actual_source_text,
    cast({{ note }} as varchar) as note
{%- endmacro %}

{# Aggregates are ordered so that a build is reproducible byte for byte.
   The "sum of parts" side of a check: how many parts are stated, their sum (blank = 0), the
   coarsest printed decimals, and their provenance. Used inside a GROUP BY. #}
{% macro parts_side(part, value, decimals) -%}
    count({{ part }}.{{ value }}) as parts_count,
    sum(coalesce({{ part }}.{{ value }}, 0)) as parts_sum,
    min({{ part }}.{{ decimals }}) as parts_decimals,
    string_agg(distinct coalesce({{ part }}.source_table, 'narrative'), ', ' order by coalesce({{ part }}.source_table, 'narrative')) as source_table,
    min({{ part }}.page_no) as page_no,
    min({{ part }}.line_no) as line_no,
    string_agg(distinct {{ part }}.source_text, chr(10) order by {{ part }}.source_text) as source_text
{%- endmacro %}

{# Two statements of one figure, each rounded on its own: they agree within both intervals. #}
{% macro pair_tolerance(d1, d2) -%}
    ({{ half_unit(d1) }} + {{ half_unit(d2) }})
{%- endmacro %}
