-- Version 6: prevention projects (工伤预防项目) with the enterprises they serve and their trail
-- of milestones and payments, the expert pool (专家库) and its logged draws, and the demo's
-- hidden effect of projects on later injuries (read only to evaluate estimates).
create table projects (
    project_no       varchar primary key,
    name             varchar not null,
    year             integer not null,
    region_code      varchar not null,
    key_group        varchar,
    budget           double not null,      -- 元
    implementer      varchar not null,
    implementer_uscc varchar not null,
    contract_date    date not null,
    due_date         date not null          -- 约定验收日期
);
create table project_enterprises (
    project_no varchar not null,
    uscc       varchar not null,
    primary key (project_no, uscc)
);
create table project_events (
    event_no     varchar primary key,
    project_no   varchar not null,
    stage        varchar not null,          -- initiation, tender, contract, start, midterm, acceptance, payment
    date         date not null,
    amount       double,                    -- 元, payments only
    payment_kind varchar,                   -- advance, progress, balance (尾款)
    note         varchar
);
create table experts (
    expert_no     varchar primary key,
    person_hash   varchar not null,
    specialty     varchar not null,
    employer_uscc varchar not null,
    term_start    date not null             -- a term runs three years and lapses unless renewed
);
create sequence expert_draws_id;
create table expert_draws (
    id          integer primary key default nextval('expert_draws_id'),
    drawn_at    timestamp not null,
    username    varchar not null,
    project_no  varchar not null,
    size        integer not null,
    seed        bigint not null,
    as_of       date not null,              -- the day whose terms decided eligibility
    specialty   varchar,                    -- the specialty asked for, if any
    pool_size   integer not null,
    pool_hash   varchar not null,           -- sha256 of the eligible expert numbers, in order
    result      varchar not null            -- the drawn expert numbers, comma-separated, in draw order
);
alter table hidden.enterprise_risk add column project_effect double;   -- what a project would avert there
create table hidden.project_effect (
    uscc        varchar not null,
    project_no  varchar not null,
    start_date  date not null,              -- injuries after this day are reduced
    effect      double not null             -- the share of injuries the project averts
);
create table audit_samples (
    year        integer not null,            -- the key list's year
    uscc        varchar not null,
    seed        bigint not null,
    drawn_at    timestamp not null,
    username    varchar not null,
    primary key (year, seed, uscc)
);
