-- The year's safety accidents with what makes a case typical: level, casualties, and how often the
-- same type struck the same key industry that year. Enterprises of $prefectures only (all when null).
with year_accidents as (
    select a.accident_no, a.date, a.uscc, a.accident_type, a.deaths, a.serious_injuries,
           coalesce(a.minor_injuries, 0) as minor_injuries, a.direct_loss, a.level,
           e.name, e.industry_code, e.region_code, coalesce(r.prefecture_code, r.region_code) as prefecture_code,
           coalesce(k.key_group, 'other') as key_group
    from accidents a
    join enterprises e using (uscc)
    join regions r on r.region_code = e.region_code
    left join key_industry_groups k on starts_with(e.industry_code, k.code_prefix)
         and coalesce(k.from_year, 0) <= $year and coalesce(k.to_year, 9999) >= $year
    where year(a.date) = $year
      and ($prefectures is null or list_contains($prefectures, coalesce(r.prefecture_code, r.region_code)))
)
select y.*, t.name_zh as type_zh, t.name_en as type_en,
       count(*) over (partition by y.key_group, y.accident_type) as same_type_in_industry
from year_accidents y
join accident_types t on t.code = y.accident_type
order by case y.level when 'especially_major' then 4 when 'major' then 3 when 'larger' then 2 else 1 end desc,
         y.deaths desc, y.serious_injuries desc, same_type_in_industry desc, y.date, y.accident_no
