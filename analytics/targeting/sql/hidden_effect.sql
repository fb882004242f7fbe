-- The demo's truth per enterprise-year: expected injuries (after any project), the share a project
-- would avert there, and the effect of the project that served it (null if none).
select r.uscc, r.year, r.expected_injuries, coalesce(r.project_effect, 0) as project_effect, e.effect
from hidden.enterprise_risk r
left join hidden.project_effect e on e.uscc = r.uscc
