-- Each prevention project of $year (all years when null) in $prefectures (all when null): budget,
-- what has been paid, the first date of each milestone and how many enterprises it serves.
with trail as (
    select project_no,
           min(date) filter (where stage = 'initiation') as initiation,
           min(date) filter (where stage = 'tender') as tender,
           min(date) filter (where stage = 'contract') as contract,
           min(date) filter (where stage = 'start') as start,
           min(date) filter (where stage = 'midterm') as midterm,
           min(date) filter (where stage = 'acceptance') as acceptance,
           coalesce(sum(amount) filter (where stage = 'payment'), 0) as paid,
           coalesce(sum(amount) filter (where stage = 'payment' and payment_kind = 'balance'), 0) as balance_paid,
           max(date) filter (where stage = 'payment') as last_payment
    from project_events
    group by project_no
),
served as (
    select project_no, count(*) as enterprises
    from project_enterprises
    group by project_no
)
select p.project_no, p.name, p.year, p.region_code, r.prefecture_code, p.key_group, p.budget, p.implementer,
       p.contract_date, p.due_date, t.initiation, t.tender, coalesce(t.contract, p.contract_date) as contract,
       t.start, t.midterm, t.acceptance, coalesce(t.paid, 0) as paid, coalesce(t.balance_paid, 0) as balance_paid,
       t.last_payment, coalesce(s.enterprises, 0) as served
from projects p
left join trail t using (project_no)
left join served s using (project_no)
left join regions r on r.region_code = p.region_code
where ($year is null or p.year = $year)
  and ($prefectures is null or list_contains($prefectures, r.prefecture_code))
order by p.year, p.project_no
