-- Each enterprise's years with an intervention of each kind (inspection, letter, project): all the
-- uplift estimate reads of measures/interventions (every intervention, its date and detail).
select distinct kind, uscc, year(date) as year
from (
{interventions}
)
order by kind, uscc, year
