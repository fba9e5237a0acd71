{# A stable key for an organisation across years and both document families: its name without
   white space or a trailing 本级 ("本级" reports cover the department's own office). #}
{% macro organization_key(name) -%}
    case when {{ name }} is not null
         then left(md5(regexp_replace(regexp_replace({{ name }}, '\s+', '', 'g'), '本级$', '')), 16) end
{%- endmacro %}
