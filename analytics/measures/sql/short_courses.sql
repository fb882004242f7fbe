-- Technical-school courses of $year below $min_hours class hours.
select record_no, school, course, class_hours, year, students
from school_courses
where year = $year and class_hours < $min_hours
order by class_hours, school
