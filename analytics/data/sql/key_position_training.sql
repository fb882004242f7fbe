-- Key positions (重点岗位) per enterprise, year and role, with the distinct (de-identified) persons
-- who completed a course in that year, capped at the role's headcount: rebuilt with enterprise_year
-- on every import, so a training-coverage query (one for each prefecture in the responsibility
-- tables) does not count distinct persons over every training again.
select k.uscc, k.year, k.role, k.headcount, least(coalesce(t.persons, 0), k.headcount) as trained
from key_positions k
left join (
    select uscc, year(completed_date) as year, role, count(distinct person_hash) as persons
    from trainings
    group by all
) t using (uscc, year, role)
