-- Record one expert draw; returns its number for `experts verify`.
insert into expert_draws (drawn_at, username, project_no, size, seed, as_of, specialty, pool_size, pool_hash, result)
values ($drawn_at, $username, $project_no, $size, $seed, $as_of, $specialty, $pool_size, $pool_hash, $result)
returning id
