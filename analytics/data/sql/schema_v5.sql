-- Version 5: what was sent to whom and when (整改建议书), so hazards still open after a letter
-- can be escalated to their regulator.
create sequence letters_log_id;
create table letters_log (
    id        integer primary key default nextval('letters_log_id'),
    sent_at   timestamp not null,
    uscc      varchar not null,
    number    varchar not null,          -- 文号
    reason    varchar not null,          -- keylist or overdue_major
    copy_to   varchar not null,          -- 抄送: the regulator of the enterprise's industry
    username  varchar not null
);
