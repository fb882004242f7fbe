-- The logged expert draws, newest first, or the one numbered $id.
select id, drawn_at, username, project_no, size, seed, as_of, specialty, pool_size, pool_hash, result
from expert_draws
where $id is null or id = $id
order by id desc
