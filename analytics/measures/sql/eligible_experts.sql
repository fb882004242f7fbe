-- Experts who may sit on $project_no's panel on $as_of (every expert in term when $project_no is
-- null): in term (a term runs $term_years years from its start), of $specialty when given, not
-- employed by the project's implementing organisation nor by an enterprise the project serves.
-- Ordered by expert number, so a seed gives one draw.
select x.expert_no, x.specialty
from experts x
where x.term_start <= $as_of
  and $as_of < x.term_start + to_years(cast($term_years as integer))
  and ($specialty is null or x.specialty = $specialty)
  and ($project_no is null
       or (x.employer_uscc <> (select implementer_uscc from projects where project_no = $project_no)
           and x.employer_uscc not in (select uscc from project_enterprises where project_no = $project_no)))
order by x.expert_no
