-- One enterprise's hazards not rectified by $as_of, overdue and major ones first.
with found as (
    select hazard_no, found_date, level, category, deadline, department
    from hazards
    where uscc = $uscc
      and found_date <= $as_of
      and (rectified_date is null or rectified_date > $as_of)
)
select hazard_no, found_date, level, category, deadline, department, deadline < $as_of as overdue
from found
order by overdue desc, level = 'major' desc, deadline
