-- Campaigns of $year held in $prefectures (anywhere when null) per key-industry group active that
-- year (0 where none), with their reach and the prefectures they were held in.
with active as (
    select distinct key_group, name_zh, name_en
    from key_industry_groups
    where coalesce(from_year, 0) <= $year and coalesce(to_year, 9999) >= $year
),
held as (
    select c.key_group, count(*) as campaigns, sum(c.reach) as reach,
           count(distinct coalesce(r.prefecture_code, r.region_code)) as prefectures
    from campaigns c
    join regions r on r.region_code = c.region_code
    where year(c.date) = $year and c.key_group is not null
      and ($prefectures is null or list_contains($prefectures, coalesce(r.prefecture_code, r.region_code)))
    group by all
)
select a.key_group, a.name_zh, a.name_en, coalesce(h.campaigns, 0) as campaigns,
       coalesce(h.reach, 0) as reach, coalesce(h.prefectures, 0) as prefectures
from active a
left join held h using (key_group)
order by campaigns, a.key_group
