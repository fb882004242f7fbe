-- Training coverage of key positions (重点岗位培训覆盖率): per enterprise, year and role, the distinct
-- (de-identified) persons who completed a course in that year, capped at the role's headcount
-- (the key_position_training table every import rebuilds), against the headcount; summed by
-- {groups} (names from training.DIMENSIONS only) within the filters.
with filtered as (
    {filtered_enterprise_years}
),
placed as (
    select p.*, e.prefecture_code, e.county_code, e.key_group
    from key_position_training p
    join filtered e on e.uscc = p.uscc and e.year = p.year
)
select {groups}
       sum(trained) as trained, sum(headcount) as headcount
from placed
group by all
