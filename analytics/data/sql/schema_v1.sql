-- Schema version 1: reference tables, the eight feeds of SPEC section 5, the import log
-- and the hidden evaluation schema. Applied by analytics.warehouse.migrate(), never by hand.

create table regions (
    region_code   varchar primary key,
    name_zh       varchar not null,
    level         varchar not null,          -- province / prefecture / county
    prefecture_code varchar,
    province_code varchar not null
);

create table industries (
    industry_code varchar primary key,
    level         varchar not null,          -- section / division / group
    parent_code   varchar,
    section       varchar not null,
    division      varchar,
    name_zh       varchar not null,
    name_en       varchar not null,
    risk_class    integer,                   -- 人社部发〔2015〕71号 class 1-8
    benchmark_rate double                    -- % of payroll
);

create table key_industry_groups (
    key_group     varchar not null,
    name_zh       varchar not null,
    name_en       varchar not null,
    code_prefix   varchar not null,
    from_year     integer,
    to_year       integer
);

create table accident_types (code integer primary key, name_zh varchar not null, name_en varchar not null);
create table disease_categories (code integer primary key, name_zh varchar not null, name_en varchar not null);
create table pneumoconioses (disease varchar primary key, name_en varchar not null);
create table training_roles (code varchar primary key, name_zh varchar not null, name_en varchar not null);

create table enterprises (
    uscc          varchar primary key,
    name          varchar not null,
    industry_code varchar not null,
    region_code   varchar not null,
    employees     integer,
    founded       date
);

create table insurance (
    uscc          varchar not null,
    year          integer not null,
    insured       integer not null,
    payroll       double not null,
    premium_paid  double not null,
    benefits_paid double not null,
    rate_class    integer,
    rate_applied  double,
    paid_late     boolean,
    primary key (uscc, year)
);

create table injuries (
    case_no          varchar primary key,
    uscc             varchar not null,
    person_hash      varchar not null,
    accident_date    date not null,
    decision_date    date not null,
    accident_type    integer not null,
    fatal            boolean not null,
    disability_grade integer,
    lost_days        integer,
    benefits         double,
    position         varchar
);

create table diseases (
    case_no           varchar primary key,
    uscc              varchar not null,
    person_hash       varchar not null,
    diagnosis_date    date not null,
    category          integer not null,
    disease           varchar not null,
    stage             varchar,
    exposure_years    double,
    is_pneumoconiosis boolean not null
);

create table accidents (
    accident_no      varchar primary key,
    uscc             varchar not null,
    date             date not null,
    accident_type    integer not null,
    deaths           integer not null,
    serious_injuries integer not null,
    minor_injuries   integer,
    direct_loss      double,
    level            varchar not null       -- derived: general / larger / major / especially_major
);

create table hazards (
    hazard_no      varchar primary key,
    uscc           varchar not null,
    found_date     date not null,
    level          varchar not null,        -- major / general
    category       varchar,
    deadline       date not null,
    rectified_date date,
    department     varchar
);

create table trainings (
    record_no      varchar primary key,
    uscc           varchar not null,
    person_hash    varchar not null,
    role           varchar not null,
    course         varchar not null,
    hours          double not null,
    completed_date date not null,
    online         boolean
);

create table key_positions (
    uscc      varchar not null,
    year      integer not null,
    role      varchar not null,
    headcount integer not null,
    primary key (uscc, year, role)
);

create sequence import_log_id;
create table import_log (
    id          integer primary key default nextval('import_log_id'),
    feed        varchar not null,
    file_name   varchar not null,
    checksum    varchar not null,
    rows_read   integer not null,
    inserted    integer not null,
    updated     integer not null,
    unchanged   integer not null,
    rejected    integer not null,
    status      varchar not null,           -- accepted / rejected
    message     varchar,
    started_at  timestamp not null,
    finished_at timestamp not null,
    imported_by varchar not null
);

-- Ground truth of the demo province. Models and indicators never read this schema;
-- only evaluation code (backtests' ceiling) does.
create schema hidden;
create table hidden.enterprise_risk (
    uscc        varchar not null,
    year        integer not null,
    true_rate   double not null,            -- expected injuries per insured person-year
    expected_injuries double not null,
    report_prob double not null,            -- probability that an injury is recognised
    primary key (uscc, year)
);
