-- Of the staged rows that differ from the table, how many are new (no row with their key yet)
-- and how many in all. {table}, {first_key} and {on_key} are identifiers from the feed definition.
select count(*) filter (where t.{first_key} is null) as inserted, count(*) as changed
from changed d
left join {table} t on {on_key}
