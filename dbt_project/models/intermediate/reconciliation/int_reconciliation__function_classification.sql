-- Function codes and names against the national classification (seed national_function_classes:
-- every 类 and the main 款 of the 2024 edition, plus the 款/项 the sample tables print), and the
-- narrative's 类/款/项 names against the report's own T05.
with classification as (
    select * from {{ ref('national_function_classes') }}
),

amounts as (
    select *, coalesce(source_table, 'narrative') as source_key
    from {{ ref('stg_parsed__function_amounts') }}
),

coded as (
    select * from amounts
    where function_code is not null and code_recovered_from is null
    qualify row_number() over (partition by report_id, source_key, function_code order by line_no nulls first, page_no) = 1
),

code_checks as (
    select
        coded.report_id,
        {{ check_columns(
            "'CO_FUNCTION_CODE_EXISTS'",
            "coded.source_key || ' ' || coded.function_code",
            'null', 'null', 'null', 'coded', 'coded',
            note="case when classification.function_code is not null then 'national: ' || classification.function_name
                       when class.function_code is null then 'no national class ' || left(coded.function_code, 3)
                       else 'not among the listed 款/项 (the seed lists every 类 but not every 款/项)' end",
            passed="case when classification.function_code is not null or class.function_code is null
                         then classification.function_code is not null end") }}
    from coded
    left join classification on classification.function_code = coded.function_code
    left join classification as class on class.function_code = left(coded.function_code, 3)
),

-- A 类 named anywhere (narrative, T04's right-hand side) is a national class name.
class_names as (
    select amounts.*, regexp_replace(amounts.function_name, '[（(]类[)）]$', '') as printed_name
    from amounts
    where (amounts.function_code is null or length(amounts.function_code) = 3) and amounts.source_key in ('narrative', 'T04')
),

execution_classes as (
    select
        executions.report_id, executions.source_table, executions.page_no, executions.line_no, executions.source_text,
        regexp_extract(executions.function_path, '^(.+?)[（(]类[)）]', 1) as printed_name
    from {{ ref('stg_parsed__budget_execution') }} as executions
),

named_classes as (
    -- the name after any lead-in printed before it ("3、住房保障支出具体包括:(1)住房保障支出")
    select report_id, coalesce(source_table, 'narrative') as source_key,
           regexp_replace(regexp_extract(printed_name, '([^:：)）]+)$', 1), '^[一二三四五六七八九十]+、', '') as class_name,
           min(page_no) as page_no, min(line_no) as line_no, min(source_text) as source_text,
           min(source_table) as source_table
    from (
        select report_id, source_table, page_no, line_no, source_text, printed_name from class_names
        union all select * from execution_classes
    )
    where printed_name is not null and printed_name <> ''
    group by all
),

class_name_checks as (
    select
        named_classes.report_id,
        {{ check_columns(
            "'CO_FUNCTION_CLASS_NAME'",
            "named_classes.source_key || ' ' || named_classes.class_name",
            'null', 'null', 'null', 'named_classes', 'named_classes',
            note="case when classification.function_code is not null then 'national class ' || classification.function_code
                       else named_classes.class_name || ' is not a national class name' end",
            passed='classification.function_code is not null') }}
    from named_classes
    left join classification
        on classification.level = 'class'
        -- T04 truncates long names ("十四、资源勘探工业信息等"): a prefix of 6+ characters names the class
        and (classification.function_name = named_classes.class_name
             or (named_classes.source_key = 'T04' and length(named_classes.class_name) >= 6
                 and starts_with(classification.function_name, named_classes.class_name)))
),

-- Each 类/款/项 name of a narrative budget-execution path is printed in the report's T05.
-- brackets compared as one kind: 004's T05 prints 政府办公厅(室), its narrative 政府办公厅（室）
t05_names as (
    select report_id, replace(replace(function_name, '（', '('), '）', ')') as function_name
    from amounts where source_key = 'T05'
),

path_names as (
    select executions.*, replace(replace(unnest(regexp_extract_all(executions.function_path, '(.+?)[（(][类款项][)）]', 1)),
                                         '（', '('), '）', ')') as path_name
    from {{ ref('stg_parsed__budget_execution') }} as executions
    where executions.report_id in (select report_id from t05_names)
),

name_checks as (
    select
        path_names.report_id,
        {{ check_columns(
            "'NT_FUNCTION_NAMES'",
            "'narrative ' || path_names.function_path || ' · ' || path_names.path_name",
            'null', 'null', 'null', 'path_names', 'path_names',
            note="case when bool_or(t05_names.function_name is not null) then 'printed in T05'
                       else path_names.path_name || ' is not a T05 name' end",
            passed='bool_or(t05_names.function_name is not null)') }}
    from path_names
    left join t05_names
        on t05_names.report_id = path_names.report_id
        -- T05 may truncate a name; the narrative may not
        and (t05_names.function_name = path_names.path_name
             or (length(t05_names.function_name) >= 6 and starts_with(path_names.path_name, t05_names.function_name)))
    group by path_names.report_id, path_names.function_path, path_names.path_name,
             path_names.source_table, path_names.page_no, path_names.line_no, path_names.source_text
)

select * from code_checks
union all by name select * from class_name_checks
union all by name select * from name_checks
