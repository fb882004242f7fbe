-- The outcome of a started import: accepted (in the transaction that wrote the rows) or failed.
update import_log
set status = $status, inserted = $inserted, updated = $updated, unchanged = $unchanged, finished_at = $finished_at
where id = $id
