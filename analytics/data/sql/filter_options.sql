-- Everything the sidebar offers, one row per choice: years, prefectures, counties, divisions, key groups.
with years as (
    select distinct 'year' as kind, cast(year as varchar) as code, null as name_zh, null as name_en, null as parent
    from enterprise_year
),
places as (
    select level as kind, region_code as code, name_zh, null as name_en,
           case when level = 'county' then prefecture_code end as parent
    from regions
    where level in ('prefecture', 'county')
),
divisions as (
    select 'division' as kind, industry_code as code, name_zh, name_en, null as parent
    from industries
    where level = 'division'
),
key_groups as (
    select distinct 'key_group' as kind, key_group as code, name_zh, name_en, null as parent
    from key_industry_groups
)
select * from years
union all select * from places
union all select * from divisions
union all select * from key_groups
order by kind, code
