-- One row per enterprise and year with its exposure and every counted event, the base of
-- all indicators. Years follow the business date (accident, diagnosis, finding).
-- Parameters: $first_year, $last_year, $as_of (date overdue hazards are judged on).
with enterprise as (
    select e.uscc, e.region_code as county_code, r.prefecture_code, i.section,
           left(e.industry_code, 2) as division, k.key_group, k.from_year as kg_from, k.to_year as kg_to
    from enterprises e
    join regions r using (region_code)
    join industries i using (industry_code)
    left join key_industry_groups k on starts_with(e.industry_code, k.code_prefix)
),
insured as (
    select uscc, year, insured, benefits_paid, premium_paid
    from insurance where year between $first_year and $last_year
),
injury as (
    select uscc, year(accident_date) as year, count(*) as injuries,
           count(*) filter (where fatal) as deaths,
           count(*) filter (where disability_grade between 1 and 4) as grade_1_4,
           count(*) filter (where disability_grade between 5 and 10) as grade_5_10,
           coalesce(sum(lost_days), 0) as lost_days
    from injuries where year(accident_date) between $first_year and $last_year
    group by all
),
disease as (
    select uscc, year(diagnosis_date) as year, count(*) as diseases,
           count(*) filter (where is_pneumoconiosis) as pneumoconiosis
    from diseases where year(diagnosis_date) between $first_year and $last_year
    group by all
),
accident as (
    select uscc, year(date) as year, count(*) as accidents,
           count(*) filter (where level = 'general') as accidents_general,
           count(*) filter (where level = 'larger') as accidents_larger,
           count(*) filter (where level in ('major', 'especially_major')) as accidents_major,
           sum(deaths) as accident_deaths
    from accidents where year(date) between $first_year and $last_year
    group by all
),
hazard as (
    select uscc, year(found_date) as year, count(*) as hazards,
           count(*) filter (where level = 'major') as hazards_major,
           count(*) filter (where rectified_date is not null) as hazards_rectified,
           count(*) filter (where coalesce(rectified_date, $as_of) > deadline and deadline < $as_of) as hazards_overdue
    from hazards where year(found_date) between $first_year and $last_year
    group by all
),
enterprise_year as (
    select uscc, year from insured
    union select uscc, year from injury
    union select uscc, year from disease
    union select uscc, year from accident
    union select uscc, year from hazard
)
select ey.uscc, ey.year, e.county_code, e.prefecture_code, e.section, e.division,
       case when e.key_group is not null and ey.year >= coalesce(e.kg_from, 0)
                 and ey.year <= coalesce(e.kg_to, 9999) then e.key_group else 'other' end as key_group,
       case when i.insured is null then 'unknown'
            when i.insured < 10 then '1-9' when i.insured < 50 then '10-49'
            when i.insured < 300 then '50-299' when i.insured < 1000 then '300-999'
            else '1000+' end as size_band,
       coalesce(e.key_group, 'other') as mapped_group,
       coalesce(i.insured, 0) as insured, coalesce(i.benefits_paid, 0) as benefits_paid,
       coalesce(i.premium_paid, 0) as premium_paid,
       coalesce(j.injuries, 0) as injuries, coalesce(j.deaths, 0) as deaths,
       coalesce(j.grade_1_4, 0) as grade_1_4, coalesce(j.grade_5_10, 0) as grade_5_10,
       coalesce(j.lost_days, 0) as lost_days,
       coalesce(d.diseases, 0) as diseases, coalesce(d.pneumoconiosis, 0) as pneumoconiosis,
       coalesce(a.accidents, 0) as accidents, coalesce(a.accidents_general, 0) as accidents_general,
       coalesce(a.accidents_larger, 0) as accidents_larger, coalesce(a.accidents_major, 0) as accidents_major,
       coalesce(a.accident_deaths, 0) as accident_deaths,
       coalesce(h.hazards, 0) as hazards, coalesce(h.hazards_major, 0) as hazards_major,
       coalesce(h.hazards_rectified, 0) as hazards_rectified, coalesce(h.hazards_overdue, 0) as hazards_overdue
from enterprise_year ey
join enterprise e using (uscc)
left join insured i using (uscc, year)
left join injury j using (uscc, year)
left join disease d using (uscc, year)
left join accident a using (uscc, year)
left join hazard h using (uscc, year)
