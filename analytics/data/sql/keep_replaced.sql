-- The rows an import is about to replace, as they were, so an overwrite can be seen and undone.
-- {table} and {on_key} are identifiers from the feed definition.
insert into replaced_rows (import_id, feed, row)
select $import_id, $feed, to_json(t)
from {table} t
where exists (select 1 from changed d where {on_key})
