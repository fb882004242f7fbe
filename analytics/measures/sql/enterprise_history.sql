-- One enterprise's year-by-year record: insurance, injuries by accident year, diseases,
-- accidents, hazards found and overdue at year end, key positions and their training.
-- Parameter: $uscc.
with years as (select year, insured, payroll, premium_paid, benefits_paid, rate_class, rate_applied, paid_late
               from insurance where uscc = $uscc),
inj as (select year(accident_date) as year, count(*) as injuries, count(*) filter (where fatal) as deaths,
               count(*) filter (where fatal or disability_grade between 1 and 4) as serious,
               coalesce(sum(lost_days), 0) as lost_days
        from injuries where uscc = $uscc group by 1),
dis as (select year(diagnosis_date) as year, count(*) as diseases, count(*) filter (where is_pneumoconiosis) as pneumoconiosis
        from diseases where uscc = $uscc group by 1),
acc as (select year(date) as year, count(*) as accidents, sum(deaths) as accident_deaths from accidents
        where uscc = $uscc group by 1),
haz as (select y.year, count(*) filter (where year(h.found_date) = y.year) as hazards,
               count(*) filter (where h.found_date <= make_date(y.year, 12, 31) and h.deadline < make_date(y.year, 12, 31)
                                  and (h.rectified_date is null or h.rectified_date > make_date(y.year, 12, 31))) as hazards_overdue
        from years y join hazards h on h.uscc = $uscc and h.found_date <= make_date(y.year, 12, 31)
        group by 1),
kp as (select year, sum(headcount) as key_positions from key_positions where uscc = $uscc group by 1),
tr as (select year(completed_date) as year, count(*) as trained from trainings where uscc = $uscc group by 1)
select y.year, y.insured, y.payroll, y.premium_paid, y.benefits_paid, y.rate_class, y.rate_applied, y.paid_late,
       coalesce(inj.injuries, 0) as injuries, coalesce(inj.deaths, 0) as deaths, coalesce(inj.serious, 0) as serious,
       coalesce(inj.lost_days, 0) as lost_days, coalesce(dis.diseases, 0) as diseases,
       coalesce(dis.pneumoconiosis, 0) as pneumoconiosis, coalesce(acc.accidents, 0) as accidents,
       coalesce(haz.hazards, 0) as hazards, coalesce(haz.hazards_overdue, 0) as hazards_overdue,
       kp.key_positions, coalesce(tr.trained, 0) as trained
from years y
left join inj using (year) left join dis using (year) left join acc using (year)
left join haz using (year) left join kp using (year) left join tr using (year)
order by y.year
