{# Parsed values arrive as exact decimal text. Money is DECIMAL(20,6) in 万元 end to end:
   amounts reported in 元 are converted by multiplying by 0.0001 and in 千元 by 0.1 (DuckDB division would yield DOUBLE).
   try_cast: the parser drops figures DECIMAL(20,6) cannot hold; should one slip through it
   becomes null here rather than failing the build for every report. #}
{% macro to_decimal(value) -%}
    try_cast({{ value }} as decimal(20, 6))
{%- endmacro %}

{% macro to_wan(value, reported_unit) -%}
    try_cast(
        case when {{ reported_unit }} = '元' then try_cast({{ value }} as decimal(20, 6)) * 0.0001
             when {{ reported_unit }} = '千元' then try_cast({{ value }} as decimal(20, 6)) * 0.1
             else try_cast({{ value }} as decimal(20, 6)) end
        as decimal(20, 6))
{%- endmacro %}

{# numerator / denominator × 100, exactly: scaled integers, truncated at 6 decimals (no DOUBLE). #}
{% macro pct_of(numerator, denominator) -%}
    case when {{ denominator }} is null or {{ denominator }} = 0 or {{ numerator }} is null then null
         else try_cast(  {# a huge part of a tiny whole overflows DECIMAL(20,6): null, not an error #}
             cast(cast({{ numerator }} * 1000000 as hugeint) * 100000000
                  // cast({{ denominator }} * 1000000 as hugeint) as decimal(38, 0)) * 0.000001
             as decimal(20, 6))
    end
{%- endmacro %}

{% macro provenance_columns() -%}
    source_kind,
    source_table,
    page_no,
    line_no,
    source_text,
    extraction_method,
    confidence
{%- endmacro %}

{# Decimals a number was printed with ("1,400.04" → 2, "300" → 0): the rounding it stands for. #}
{% macro printed_decimals(text) -%}
    case when {{ text }} is null then null
         when position('.' in {{ text }}) > 0 then length({{ text }}) - position('.' in {{ text }})
         else 0 end
{%- endmacro %}
