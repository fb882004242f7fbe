-- Record an audit sample (keylist kind 'audit') for $year; a sample already recorded for the year
-- and seed is kept as it was.
insert into audit_samples (year, uscc, seed, drawn_at, username)
select $year, u.uscc, $seed, $drawn_at, $username
from (select unnest($usccs) as uscc) u
where not exists (select 1 from audit_samples a where a.year = $year and a.seed = $seed and a.uscc = u.uscc)
