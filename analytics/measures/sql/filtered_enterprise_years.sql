-- Enterprise-years within the shared filters; a null filter means all, a list means any of.
select *, insured * case when year = $ytd_year then $fraction else 1 end as person_years
from enterprise_year
where ($first_year is null or year >= $first_year)
  and ($last_year is null or year <= $last_year)
  and ($prefecture is null or list_contains($prefecture, prefecture_code))
  and ($county is null or list_contains($county, county_code))
  and ($key_group is null or list_contains($key_group, key_group))
  and ($section is null or list_contains($section, section))
  and ($division is null or list_contains($division, division))
  and ($size_band is null or list_contains($size_band, size_band))
  and ($mapped_group is null or list_contains($mapped_group, mapped_group))
