-- Enterprises with a mandatory key-list trigger in $year: a fatal injury, a safety accident
-- at or above $min_level, a new pneumoconiosis case.
with fatal as (
    select distinct uscc from injuries where fatal and year(accident_date) = $year
),
larger_accident as (
    select distinct uscc from accidents
    where year(date) = $year and list_position($levels, level) >= list_position($levels, $min_level)
),
pneumoconiosis as (
    select distinct uscc from diseases where is_pneumoconiosis and year(diagnosis_date) = $year
),
triggered as (
    select uscc from fatal union select uscc from larger_accident union select uscc from pneumoconiosis
)
select t.uscc,
       t.uscc in (select uscc from fatal) as fatal,
       t.uscc in (select uscc from larger_accident) as larger_accident,
       t.uscc in (select uscc from pneumoconiosis) as pneumoconiosis
from triggered t
