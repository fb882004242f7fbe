-- Records per feed and year; each feed's year follows its business date.
with yearly as (
    select 'insurance' as feed, year, count(*) as n from insurance group by all
    union all select 'injuries', year(accident_date), count(*) from injuries group by all
    union all select 'diseases', year(diagnosis_date), count(*) from diseases group by all
    union all select 'accidents', year(date), count(*) from accidents group by all
    union all select 'hazards', year(found_date), count(*) from hazards group by all
    union all select 'trainings', year(completed_date), count(*) from trainings group by all
    union all select 'key_positions', year, count(*) from key_positions group by all
    union all select 'campaigns', year(date), count(*) from campaigns group by all
    union all select 'warning_bases', year(filed_date), count(*) from warning_bases group by all
    union all select 'school_courses', year, count(*) from school_courses group by all
)
select feed, year, n
from yearly
order by feed, year
