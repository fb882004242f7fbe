-- Each insured enterprise-year of $first_year .. $last_year with the injuries of that year known by
-- its end (features' inj_1): the history the rising list reads, without the other features.
with known as (
    select uscc, year(accident_date) as year, count(*) as inj_1
    from injuries
    where year(accident_date) between $first_year and $last_year
      and decision_date <= make_date(year(accident_date), 12, 31)
    group by all
)
select i.uscc, i.year, left(e.industry_code, 2) as division, i.insured, coalesce(k.inj_1, 0) as inj_1
from insurance i
join enterprises e using (uscc)
left join known k on k.uscc = i.uscc and k.year = i.year
where i.year between $first_year and $last_year
