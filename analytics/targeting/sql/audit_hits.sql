-- The Danish KPI for each recorded audit year: the share of sampled enterprises with a recognised
-- injury in that year, against the share among every enterprise insured in it.
with sampled as (
    select a.year, a.uscc, exists (select 1 from injuries j where j.uscc = a.uscc and year(j.accident_date) = a.year) as hit
    from audit_samples a
),
everyone as (
    select i.year, count(*) as insured_enterprises,
           count(*) filter (where exists (select 1 from injuries j where j.uscc = i.uscc and year(j.accident_date) = i.year)) as with_injury
    from insurance i
    where i.year in (select year from audit_samples)
    group by i.year
)
select s.year, count(*) as sampled, count(*) filter (where s.hit) as sampled_with_injury,
       count(*) filter (where s.hit) / count(*) as audit_hit_rate,
       e.with_injury / e.insured_enterprises as all_hit_rate
from sampled s
join everyone e using (year)
group by s.year, e.with_injury, e.insured_enterprises
order by s.year
