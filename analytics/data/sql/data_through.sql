-- The latest business date in the warehouse: the end of the current partial year.
with latest as (
    select max(accident_date) as d from injuries
    union all select max(found_date) from hazards
    union all select max(diagnosis_date) from diseases
    union all select max(completed_date) from trainings
    union all select max(date) from accidents
)
select max(d) from latest
