-- Injuries (by accident year) and insured headcount of every insured enterprise, one row per enterprise
-- and a column pair per year ("2021_insured", "2021_injuries"; missing where it was not insured), with
-- the strata the uplift estimate matches within: prefecture and key-industry group (as mapped, whatever
-- the year; its latest). Size comes from the headcount.
with wide as (
    pivot (select uscc, year, insured, injuries from enterprise_year where insured > 0)
    on year using sum(insured) as insured, sum(injuries) as injuries
    group by uscc
),
strata as (
    select uscc, arg_max(prefecture_code, year) as prefecture_code, arg_max(mapped_group, year) as key_group
    from enterprise_year where insured > 0
    group by uscc
)
select s.prefecture_code, s.key_group, w.*
from wide w join strata s using (uscc)
order by uscc
