-- One row of the import log (全程可查询、可追溯): what was read, what changed, who and when.
-- An accepted file's row is written as 'started' first and finished in the write's transaction.
insert into import_log (feed, file_name, checksum, rows_read, inserted, updated, unchanged, rejected,
                        status, message, started_at, finished_at, imported_by, masked, department)
values ($feed, $file_name, $checksum, $rows_read, $inserted, $updated, $unchanged, $rejected,
        $status, $message, $started_at, $finished_at, $imported_by, $masked, $department)
returning id
