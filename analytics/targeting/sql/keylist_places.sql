-- Name, codes and place of every enterprise insured in $year, for the key list's columns and filters.
with insured as (
    select uscc, county_code as county, key_group
    from enterprise_year
    where year = $year
)
select e.uscc, e.name, e.industry_code, e.region_code, i.county, i.key_group
from enterprises e
left join insured i on i.uscc = e.uscc
