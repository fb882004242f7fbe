-- Point-in-time features per enterprise and year t, from records dated up to 31 December of t,
-- with next year's outcomes (t + 1) as labels. Parameters: $first_year, $last_year (years t);
-- $unit: null for every enterprise-year, else a training sample in proportion to next year's exposure
-- (kept with probability least(1, insured_next / $unit), drawn by a seeded hash, $seed), each kept row
-- weighted by the inverse of that probability (sample_weight) so sums over the sample estimate the whole.
-- An injury counts as known at t only once it was recognised (decision_date) by the end of t;
-- a hazard is open or overdue as it stood at the end of t, whatever year it was found.
-- The *_lags fragments (written out by features.py): the year-by-year records of t and the years
-- before it that credibility reads, injuries_lagK, hazards_lagK and insured_lagK for year t - K.
with base as (
    select i.uscc, i.year as t, i.insured, i.premium_paid, i.benefits_paid, i.paid_late,
           e.industry_code, left(e.industry_code, 2) as division, r.prefecture_code,
           coalesce(ind.risk_class, divi.risk_class) as risk_class, year(e.founded) as founded_year,
           case when $unit is null then 1.0 else greatest(1.0, $unit / nx.insured) end as sample_weight
    from insurance i
    join enterprises e using (uscc)
    join regions r on r.region_code = e.region_code
    left join industries ind on ind.industry_code = e.industry_code
    left join industries divi on divi.industry_code = left(e.industry_code, 2)
    left join insurance nx on $unit is not null and nx.uscc = i.uscc and nx.year = i.year + 1
    where i.year between $first_year and $last_year
      and ($unit is null or (nx.insured > 0 and hash(i.uscc, i.year, $seed) / 18446744073709551615.0 < nx.insured / $unit))
),
known_injuries as (
    select b.uscc, b.t,
           count(*) filter (where year(j.accident_date) = b.t) as inj_1,
           count(*) filter (where year(j.accident_date) = b.t - 1) as inj_prev,
           count(*) filter (where year(j.accident_date) >= b.t - 2) as inj_3,
           count(*) filter (where year(j.accident_date) >= b.t - 4) as inj_5,
           count(*) as inj_all,
           count(*) filter (where year(j.accident_date) >= b.t - 2 and j.fatal) as deaths_3,
           count(*) filter (where year(j.accident_date) >= b.t - 2 and (j.fatal or j.disability_grade between 1 and 4)) as serious_3,
           coalesce(sum(j.lost_days) filter (where year(j.accident_date) >= b.t - 2), 0) as lost_days_3,
           {injury_lags}
    from base b join injuries j
      on j.uscc = b.uscc and year(j.accident_date) <= b.t
     and j.decision_date <= make_date(b.t, 12, 31)
    group by all
),
exposure_history as (
    select b.uscc, b.t, sum(i.insured) filter (where i.year >= b.t - 4) as insured_5, sum(i.insured) as insured_all,
           {insured_lags}
    from base b join insurance i on i.uscc = b.uscc and i.year <= b.t
    group by all
),
known_diseases as (
    select b.uscc, b.t, count(*) as diseases_3, count(*) filter (where d.is_pneumoconiosis) as pneumo_3
    from base b join diseases d on d.uscc = b.uscc and year(d.diagnosis_date) between b.t - 2 and b.t
    group by all
),
known_accidents as (
    select b.uscc, b.t, count(*) as accidents_3, sum(a.deaths) as accident_deaths_3,
           sum(a.deaths + a.serious_injuries + coalesce(a.minor_injuries, 0)) as accident_casualties_3,
           count(*) filter (where a.level <> 'general') as accidents_larger_3
    from base b join accidents a on a.uscc = b.uscc and year(a.date) between b.t - 2 and b.t
    group by all
),
known_hazards as (
    select b.uscc, b.t,
           count(*) filter (where year(h.found_date) = b.t) as hazards_1,
           count(*) filter (where year(h.found_date) between b.t - 2 and b.t) as hazards_3,
           count(*) filter (where year(h.found_date) between b.t - 4 and b.t) as hazards_5,
           count(*) filter (where year(h.found_date) = b.t and h.level = 'major') as hazards_major_1,
           count(*) filter (where h.rectified_date is null or h.rectified_date > make_date(b.t, 12, 31)) as hazards_open,
           count(*) filter (where (h.rectified_date is null or h.rectified_date > make_date(b.t, 12, 31))
                              and h.deadline < make_date(b.t, 12, 31)) as hazards_overdue,
           count(*) filter (where (h.rectified_date is null or h.rectified_date > make_date(b.t, 12, 31))
                              and h.deadline < make_date(b.t, 12, 31) and h.level = 'major') as hazards_major_overdue,
           {hazard_lags}
    from base b join hazards h on h.uscc = b.uscc and h.found_date <= make_date(b.t, 12, 31)
    group by all    -- open and overdue whatever year they were found: an old 重大隐患 still open counts
),
training as (
    select b.uscc, b.t, sum(k.headcount) as key_positions,
           (select count(*) from trainings tr where tr.uscc = b.uscc and year(tr.completed_date) between b.t - 2 and b.t) as trained_3
    from base b join key_positions k on k.uscc = b.uscc and k.year = b.t
    group by b.uscc, b.t
),
previous as (select uscc, year + 1 as t, insured as insured_prev from insurance
             where year between $first_year - 1 and $last_year - 1),
payout as (
    select b.uscc, b.t, sum(i.benefits_paid) as benefits_3, sum(i.premium_paid) as premium_3,
           max(i.paid_late::int) as late_3
    from base b join insurance i on i.uscc = b.uscc and i.year between b.t - 2 and b.t
    group by all
),
outcome as (
    select uscc, year(accident_date) - 1 as t, count(*) as injuries_next,
           count(*) filter (where fatal) as deaths_next,
           count(*) filter (where fatal or disability_grade between 1 and 4) as serious_next
    from injuries where year(accident_date) between $first_year + 1 and $last_year + 1
    group by all
),
exposure_next as (select uscc, year - 1 as t, insured as insured_next from insurance
                  where year between $first_year + 1 and $last_year + 1)
select b.uscc, b.t as year, b.division, b.prefecture_code, b.risk_class, b.sample_weight, b.industry_code as industry_cell,
       b.insured, coalesce(p.insured_prev, 0) as insured_prev,
       greatest(b.t - coalesce(b.founded_year, b.t), 0) as age,
       coalesce(j.inj_1, 0) as inj_1, coalesce(j.inj_prev, 0) as inj_prev, coalesce(j.inj_3, 0) as inj_3,
       coalesce(j.inj_5, 0) as inj_5, coalesce(j.inj_all, 0) as inj_all, eh.insured_5, eh.insured_all,
       coalesce(j.deaths_3, 0) as deaths_3, coalesce(j.serious_3, 0) as serious_3, coalesce(j.lost_days_3, 0) as lost_days_3,
       coalesce(d.diseases_3, 0) as diseases_3, coalesce(d.pneumo_3, 0) as pneumo_3,
       coalesce(a.accidents_3, 0) as accidents_3, coalesce(a.accident_deaths_3, 0) as accident_deaths_3,
       coalesce(a.accidents_larger_3, 0) as accidents_larger_3, coalesce(a.accident_casualties_3, 0) as accident_casualties_3,
       coalesce(h.hazards_1, 0) as hazards_1, coalesce(h.hazards_3, 0) as hazards_3, coalesce(h.hazards_5, 0) as hazards_5, coalesce(h.hazards_major_1, 0) as hazards_major_1,
       coalesce(h.hazards_open, 0) as hazards_open, coalesce(h.hazards_overdue, 0) as hazards_overdue,
       coalesce(h.hazards_major_overdue, 0) as hazards_major_overdue,
       case when tr.key_positions > 0 then least(tr.trained_3 / tr.key_positions, 1.0) end as training_coverage,
       case when pay.premium_3 > 0 then pay.benefits_3 / pay.premium_3 end as payout_ratio_3,
       coalesce(pay.late_3, 0) as late_3,
       coalesce(o.injuries_next, 0) as injuries_next, coalesce(o.deaths_next, 0) as deaths_next,
       coalesce(o.serious_next, 0) as serious_next, x.insured_next,
       {lag_columns}
from base b
left join previous p using (uscc, t)
left join known_injuries j using (uscc, t)
left join exposure_history eh using (uscc, t)
left join known_diseases d using (uscc, t)
left join known_accidents a using (uscc, t)
left join known_hazards h using (uscc, t)
left join training tr using (uscc, t)
left join payout pay using (uscc, t)
left join outcome o using (uscc, t)
left join exposure_next x using (uscc, t)
order by b.uscc, b.t
