-- Recognised injuries per accident year and {breakdown} (an expression from indicators.BREAKDOWNS),
-- within the filters on the enterprise-year of the accident.
with filtered as (
    {filtered_enterprise_years}
)
select e.year, {expression} as {breakdown}, count(*) as injuries
from injuries j
join filtered e on e.uscc = j.uscc and e.year = year(j.accident_date)
group by all
order by 1, 2
