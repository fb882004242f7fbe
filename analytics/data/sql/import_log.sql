-- The latest imports, newest first; of one department when $department is given.
select *
from import_log
where $department is null or department = $department
order by id desc
limit $limit
