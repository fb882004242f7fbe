-- The demo's hidden expected recognised injuries of $year (the ceiling of the backtest).
with truth as (
    select uscc, expected_injuries, report_prob
    from hidden.enterprise_risk
    where year = $year
)
select uscc, expected_injuries * report_prob as expected
from truth
