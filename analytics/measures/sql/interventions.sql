-- Every intervention that touched an enterprise: an inspection (a day a department found hazards
-- there), a rectification letter, or a prevention project serving it (dated the day work started,
-- else the contract), with its date; the rows later targeting reads to estimate effects.
with inspections as (
    select distinct uscc, 'inspection' as kind, found_date as date, department as detail
    from hazards
),
letters as (
    select uscc, 'letter' as kind, cast(sent_at as date) as date, number as detail
    from letters_log
),
started as (
    select project_no, min(date) as date
    from project_events
    where stage = 'start'
    group by project_no
),
projects as (
    select s.uscc, 'project' as kind, coalesce(st.date, p.contract_date) as date, p.project_no as detail
    from project_enterprises s
    join projects p using (project_no)
    left join started st using (project_no)
)
select uscc, kind, date, detail from inspections
union all
select uscc, kind, date, detail from letters
union all
select uscc, kind, date, detail from projects
order by uscc, date, kind
