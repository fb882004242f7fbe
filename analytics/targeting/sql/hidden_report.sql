-- The demo's hidden probability that an injury at each enterprise is recognised in $year (planted
-- under-reporters report a quarter to six tenths of their injuries), and the injuries it truly
-- expected in the three years to $year: below a handful, no record can show the gap.
select uscc, max(report_prob) filter (where year = $year) as report_prob, sum(expected_injuries) as expected_3
from hidden.enterprise_risk
where year between $year - 2 and $year
group by uscc
