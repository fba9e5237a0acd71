-- A performance indicator that is a share of a whole (满意度, 合格率, 覆盖率, 知晓率, 占比 …) cannot be
-- over 100%: its target or actual cell printing 105% is a typo (an extra digit, a score in the
-- percent column). Growth, completion and execution rates can rightly pass 100% and are not read,
-- nor money ratios (实际金额占预算金额比率: an overspent project is a finding of its own). The bound 100 is
-- the rule's, not a figure of the row: only the cell's share is cited.
with indicators as (
    select *
    from {{ ref('stg_parsed__performance_indicators') }}
    where value_unit = '%'
        and regexp_matches(indicator_name, '满意|合格率|覆盖率|知晓率|参与率|达标率|占比|比重|比例|出勤率|到位率|办结率|准确率|正确率|及时率|完好率|入学率|就业率')
        and not regexp_matches(indicator_name, '增长|增幅|增速|提高|提升|同比|比上年|较上年|完成率|执行率|金额|资金|预算|经费')
)

select
    indicators.report_id,
    {{ check_columns(
        "'PC_INDICATOR_SHARE_OVER_100'",
        "coalesce(indicators.project_name || ' · ', '') || indicators.indicator_name",
        'null', 'greatest(indicators.target_value, indicators.actual_value)', 'null',
        'indicators', 'indicators',
        note="'target ' || coalesce(indicators.target_text, '—') || ', actual ' || coalesce(indicators.actual_text, '—')",
        passed='greatest(indicators.target_value, indicators.actual_value) <= 100') }}
from indicators
where coalesce(indicators.target_value, indicators.actual_value) is not null
