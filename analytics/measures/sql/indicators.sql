-- Counts and person-years within the filters, grouped by {groups} (dimension columns named
-- only from indicators.DIMENSIONS; every value is a bound parameter).
with filtered as (
    {filtered_enterprise_years}
)
select {groups}
       sum(injuries) as injuries, sum(deaths) as deaths, sum(grade_1_4) as grade_1_4,
       sum(grade_5_10) as grade_5_10, sum(lost_days) as lost_days, sum(benefits_paid) as benefits_paid,
       sum(premium_paid) as premium_paid, sum(diseases) as diseases, sum(pneumoconiosis) as pneumoconiosis,
       sum(accidents) as accidents, sum(accidents_general) as accidents_general,
       sum(accidents_larger) as accidents_larger, sum(accidents_major) as accidents_major,
       sum(accident_deaths) as accident_deaths, sum(hazards) as hazards, sum(hazards_major) as hazards_major,
       sum(hazards_rectified) as hazards_rectified, sum(hazards_overdue) as hazards_overdue,
       sum(insured) as insured, sum(person_years) as person_years
from filtered
group by all
