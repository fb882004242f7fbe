-- Injuries (by accident year) and insured headcount per insured enterprise-year, with the strata
-- the uplift estimate matches within: prefecture, key-industry group (as mapped, whatever the year)
-- and size (from the headcount).
select uscc, year, prefecture_code, mapped_group as key_group, insured, injuries
from enterprise_year
where insured > 0
order by uscc, year
