-- Enterprises (of $prefectures, all when null) with a 重大隐患 open and past its deadline at $as_of,
-- whatever year it was found.
with overdue as (
    select uscc, count(*) as hazards
    from hazards
    where level = 'major' and deadline < $as_of and (rectified_date is null or rectified_date > $as_of)
    group by uscc
)
select o.uscc, e.name, e.industry_code, e.region_code, o.hazards
from overdue o
join enterprises e using (uscc)
join regions r on r.region_code = e.region_code
where $prefectures is null or list_contains($prefectures, coalesce(r.prefecture_code, r.region_code))
order by o.hazards desc, o.uscc
