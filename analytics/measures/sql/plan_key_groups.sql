-- Key-industry groups that count as key in any year of a plan period.
with groups as (
    select key_group, coalesce(from_year, 0) as from_year, coalesce(to_year, 9999) as to_year
    from key_industry_groups
)
select distinct key_group
from groups
where from_year <= $last_year and to_year >= $first_year
order by key_group
