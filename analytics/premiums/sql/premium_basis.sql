-- Floating-rate basis: each employer insured in the year before the rate year, with the
-- figures of each of the three years before it (suffix _1 = rate_year - 1, _2, _3).
-- Parameter: $rate_year. The rules choose how many of the three years they use.
with active as (
    select uscc, payroll as payroll_last, rate_applied as rate_applied_last
    from insurance where year = $rate_year - 1
),
ins as (
    select uscc, $rate_year - year as k, premium_paid, benefits_paid, insured, paid_late
    from insurance where year between $rate_year - 3 and $rate_year - 1
),
inj as (
    select uscc, $rate_year - year(accident_date) as k, count(*) as injuries, count(*) filter (where fatal) as fatal
    from injuries where year(accident_date) between $rate_year - 3 and $rate_year - 1 group by all
),
dis as (
    select uscc, $rate_year - year(diagnosis_date) as k, count(*) as diseases
    from diseases where year(diagnosis_date) between $rate_year - 3 and $rate_year - 1 group by all
),
acc as (
    select uscc, $rate_year - year(date) as k,
           max(case level when 'general' then 0 when 'larger' then 1 when 'major' then 2 else 3 end) as level_rank
    from accidents where year(date) between $rate_year - 3 and $rate_year - 1 group by all
),
place as (
    select uscc, key_group from enterprise_year where year = $rate_year - 1
),
years as (select unnest([1, 2, 3]) as k),
grid as (
    select a.uscc, y.k,
           coalesce(i.premium_paid, 0) as premium, coalesce(i.benefits_paid, 0) as benefits,
           coalesce(i.insured, 0) as person_years, coalesce(i.paid_late::int, 0) as late,
           coalesce(j.injuries, 0) as injuries, coalesce(j.fatal, 0) as fatal,
           coalesce(d.diseases, 0) as diseases, c.level_rank
    from active a cross join years y
    left join ins i on i.uscc = a.uscc and i.k = y.k
    left join inj j on j.uscc = a.uscc and j.k = y.k
    left join dis d on d.uscc = a.uscc and d.k = y.k
    left join acc c on c.uscc = a.uscc and c.k = y.k
)
select a.uscc, e.name, e.industry_code, left(e.industry_code, 2) as division, r.prefecture_code,
       e.region_code as county_code, ey.key_group,
       coalesce(ind.risk_class, divi.risk_class) as risk_class, a.payroll_last, a.rate_applied_last,
       sum(premium) filter (where k = 1) as premium_1, sum(premium) filter (where k = 2) as premium_2,
       sum(premium) filter (where k = 3) as premium_3,
       sum(benefits) filter (where k = 1) as benefits_1, sum(benefits) filter (where k = 2) as benefits_2,
       sum(benefits) filter (where k = 3) as benefits_3,
       sum(injuries) filter (where k = 1) as injuries_1, sum(injuries) filter (where k = 2) as injuries_2,
       sum(injuries) filter (where k = 3) as injuries_3,
       sum(fatal) filter (where k = 1) as fatal_1, sum(fatal) filter (where k = 2) as fatal_2,
       sum(fatal) filter (where k = 3) as fatal_3,
       sum(diseases) filter (where k = 1) as diseases_1, sum(diseases) filter (where k = 2) as diseases_2,
       sum(diseases) filter (where k = 3) as diseases_3,
       sum(person_years) filter (where k = 1) as person_years_1, sum(person_years) filter (where k = 2) as person_years_2,
       sum(person_years) filter (where k = 3) as person_years_3,
       sum(late) filter (where k = 1) as late_1, sum(late) filter (where k = 2) as late_2,
       sum(late) filter (where k = 3) as late_3,
       max(level_rank) filter (where k = 1) as accident_level_1, max(level_rank) filter (where k = 2) as accident_level_2,
       max(level_rank) filter (where k = 3) as accident_level_3
from active a
join grid g using (uscc)
join enterprises e using (uscc)
join regions r on r.region_code = e.region_code
left join industries ind on ind.industry_code = e.industry_code
left join industries divi on divi.industry_code = left(e.industry_code, 2)
left join place ey on ey.uscc = a.uscc
group by all
order by a.uscc
