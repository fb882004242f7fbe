-- Hazards still open past their deadline at $as_of although a letter went to the enterprise
-- after the hazard was found: the list each finding department (regulator) should follow up.
-- Enterprises of $prefectures only, all when null.
with letters as (
    select uscc, min(sent_at) as first_letter, count(*) as letters
    from letters_log
    group by uscc
)
select h.department, h.uscc, e.name, h.hazard_no, h.level, h.category, h.found_date, h.deadline,
       l.first_letter, date_diff('day', h.deadline, $as_of) as days_overdue
from hazards h
join letters l on l.uscc = h.uscc and l.first_letter >= h.found_date
join enterprises e on e.uscc = h.uscc
join regions r on r.region_code = e.region_code
where h.deadline < $as_of and (h.rectified_date is null or h.rectified_date > $as_of)
  and ($prefectures is null or list_contains($prefectures, coalesce(r.prefecture_code, r.region_code)))
order by h.department, h.level = 'major' desc, days_overdue desc
