-- Campaigns of $year per key-industry group active that year (0 where none), with their reach.
with active as (
    select distinct key_group, name_zh, name_en
    from key_industry_groups
    where coalesce(from_year, 0) <= $year and coalesce(to_year, 9999) >= $year
),
held as (
    select key_group, count(*) as campaigns, sum(reach) as reach, count(distinct region_code) as prefectures
    from campaigns
    where year(date) = $year and key_group is not null
    group by all
)
select a.key_group, a.name_zh, a.name_en, coalesce(h.campaigns, 0) as campaigns,
       coalesce(h.reach, 0) as reach, coalesce(h.prefectures, 0) as prefectures
from active a
left join held h using (key_group)
order by campaigns, a.key_group
