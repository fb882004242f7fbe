-- The latest time the annual report of $year was generated (access log action 'report'), and by whom.
select logged_at, username
from access_log
where action = 'report' and object = cast($year as varchar)
order by id desc
limit 1
