-- Every intervention that touched an enterprise: an inspection (a day a department found hazards
-- there) or a rectification letter, with its date; the rows later targeting reads to estimate effects.
with inspections as (
    select distinct uscc, 'inspection' as kind, found_date as date, department as detail
    from hazards
),
letters as (
    select uscc, 'letter' as kind, cast(sent_at as date) as date, number as detail
    from letters_log
)
select uscc, kind, date, detail from inspections
union all
select uscc, kind, date, detail from letters
order by uscc, date, kind
