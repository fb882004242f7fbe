-- Next year's insured headcount of every enterprise-year t in $first_year .. $last_year that is still
-- insured in t + 1: what a training sample in proportion to exposure is drawn from.
select nx.insured
from insurance i
join insurance nx on nx.uscc = i.uscc and nx.year = i.year + 1
where i.year between $first_year and $last_year and nx.insured > 0
