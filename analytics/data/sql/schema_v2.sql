-- Version 2: the derived tables record the data version they were built for, so a warehouse
-- whose marts are older than its last import is rebuilt on opening; the import log counts the
-- identifiers masked in free text. Log statuses: started, accepted, rejected, failed, aborted.
alter table import_log add column masked integer default 0;
create table mart_state (
    built_for integer not null,      -- data_version (last accepted import) the marts were built from
    built_at  timestamp not null
);
