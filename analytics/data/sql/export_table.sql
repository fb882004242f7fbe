-- One shared table with the columns its Parquet export is partitioned by: the province's code
-- (bound) and, for tables placed by a date, that date's year. {table} and {year} come from
-- analytics.data.parquet, never from the caller.
select *, $province as province{year}
from {table}
