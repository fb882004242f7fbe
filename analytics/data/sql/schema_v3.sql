-- Version 3: who did what (全程可查询、可追溯). The import log names the department; the access
-- log records exports, letters, record views and account changes (append only: no code path
-- updates or deletes it); an import that replaces rows keeps their previous values.
alter table import_log add column department varchar;
create sequence access_log_id;
create table access_log (
    id        integer primary key default nextval('access_log_id'),
    logged_at timestamp not null,
    username  varchar not null,
    role      varchar not null,
    action    varchar not null,           -- export, letters, record, users, report, login
    object    varchar,                    -- what: a list and its year, an enterprise's USCC, an account
    detail    varchar
);
create table replaced_rows (
    import_id   integer not null,         -- the import that replaced them (import_log.id)
    feed        varchar not null,
    row         json not null             -- the row as it was, every column
);
