-- Version 4: prevention work (SPEC C6) — publicity campaigns, warning-education bases and
-- technical-school courses.
create table campaigns (
    campaign_no varchar primary key,
    date        date not null,
    region_code varchar not null,
    key_group   varchar,                 -- the key industry it addressed (null: general public)
    theme       varchar not null,
    reach       integer
);
create table warning_bases (
    base_no     varchar primary key,
    name        varchar not null,
    region_code varchar not null,
    filed_date  date not null            -- 备案日期
);
create table school_courses (
    record_no   varchar primary key,
    school      varchar not null,
    course      varchar not null,
    class_hours double not null,
    year        integer not null,
    students    integer
);
