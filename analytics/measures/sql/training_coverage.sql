-- Training coverage of key positions (重点岗位培训覆盖率): per enterprise, year and role, the distinct
-- (de-identified) persons who completed a course in that year, capped at the role's headcount,
-- against the headcount; summed by {groups} (names from training.DIMENSIONS only) within the filters.
with filtered as (
    {filtered_enterprise_years}
),
trained as (
    select uscc, year(completed_date) as year, role, count(distinct person_hash) as persons
    from trainings
    group by all
),
positions as (
    select k.uscc, k.year, k.role, k.headcount, least(coalesce(t.persons, 0), k.headcount) as trained
    from key_positions k
    left join trained t using (uscc, year, role)
),
placed as (
    select p.*, e.prefecture_code, e.county_code, e.key_group
    from positions p
    join filtered e on e.uscc = p.uscc and e.year = p.year
)
select {groups}
       sum(trained) as trained, sum(headcount) as headcount
from placed
group by all
