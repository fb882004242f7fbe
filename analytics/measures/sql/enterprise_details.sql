-- Who one enterprise is: name, industry, county and prefecture, size and founding date.
with enterprise as (
    select uscc, name, industry_code, region_code, employees, founded
    from enterprises
    where uscc = $uscc
)
select e.uscc, e.name, e.industry_code, i.name_zh as industry_zh, i.name_en as industry_en,
       e.region_code, r.name_zh as region_zh, p.name_zh as prefecture_zh, e.employees, e.founded
from enterprise e
left join industries i on i.industry_code = e.industry_code
left join regions r on r.region_code = e.region_code
left join regions p on p.region_code = r.prefecture_code
