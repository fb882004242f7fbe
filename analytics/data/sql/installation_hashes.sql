-- Whether a feed with hashed identifiers ($feeds) holds rows imported by anyone but the demo
-- builder ($demo), whose hashes use the demo's own published key, not the installation's.
select count(*) > 0
from import_log
where status = 'accepted'
  and inserted + updated > 0
  and imported_by <> $demo
  and list_contains($feeds, feed)
