-- Warning-education bases filed by the end of $year for every prefecture and county.
with bases as (
    select r.region_code as county_code, r.prefecture_code, b.base_no
    from warning_bases b
    join regions r on r.region_code = b.region_code
    where b.filed_date <= make_date($year, 12, 31)
),
places as (
    select region_code, name_zh, level, case when level = 'county' then prefecture_code else region_code end as prefecture_code
    from regions
    where level in ('prefecture', 'county')
)
select p.region_code, p.name_zh, p.level, p.prefecture_code,
       case when p.level = 'county' then (select count(*) from bases b where b.county_code = p.region_code)
            else (select count(*) from bases b where b.prefecture_code = p.region_code) end as bases
from places p
order by p.prefecture_code, p.level desc, p.region_code
