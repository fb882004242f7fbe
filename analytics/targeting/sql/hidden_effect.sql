-- The demo's truth per enterprise-year of $first_year .. $last_year (of the enterprises in $usccs, or
-- all when null): expected injuries (after any project), the share a project would avert there, and
-- the effect of the project that served it (null if none).
select r.uscc, r.year, r.expected_injuries, coalesce(r.project_effect, 0) as project_effect, e.effect
from hidden.enterprise_risk r
left join hidden.project_effect e on e.uscc = r.uscc
where r.year between $first_year and $last_year and ($usccs is null or list_contains($usccs, r.uscc))
