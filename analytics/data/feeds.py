"""The canonical feeds of SPEC section 5: columns, Chinese headers, types, keys and rules.

A feed is data, not code: validation, import, templates and the demo generator all read
these definitions, so a column added here is checked, imported and templated everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analytics import labels


@dataclass(frozen=True)
class Column:
    name: str
    zh: str
    kind: str                      # text, int, float, date, bool, year, code
    required: bool = False
    min: float | None = None
    max: float | None = None
    codes: str | None = None       # reference list for kind == "code"
    check: str | None = None       # "uscc" (GB 32100) or "id" (GB 11643) check digit
    personal: str | None = None    # "hash" or "drop": never stored as given
    future_ok: bool = False        # a date that may lie ahead (a rectification deadline)
    refers: str | None = None      # a feed whose key this column must name ("projects")
    example: object = None


@dataclass(frozen=True)
class Feed:
    name: str
    zh: str
    source_zh: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    date_order: tuple[tuple[str, str], ...] = field(default=())  # (earlier, later) pairs
    references_enterprise: bool = True

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def stored_columns(self) -> list[str]:
        """Columns of the warehouse table, in order (hashed identifiers become person_hash)."""
        out = []
        for c in self.columns:
            if c.personal == "drop":
                continue
            out.append("person_hash" if c.personal == "hash" else c.name)
        return out + list(DERIVED.get(self.name, ()))


USCC = Column("uscc", "统一社会信用代码", "text", True, check="uscc", example="91530100MA6K7XBG2W")
ID_NUMBER = Column("id_number", "身份证号", "text", True, check="id", personal="hash", example="530102198001010015")

FEEDS: dict[str, Feed] = {f.name: f for f in [
    Feed("enterprises", "参保单位", "社保经办", ("uscc",), (
        USCC,
        Column("name", "单位名称", "text", True, example="云南示例建设工程有限公司"),
        Column("industry_code", "行业代码", "code", True, codes="industry", example="47"),
        Column("region_code", "行政区划代码", "code", True, codes="region", example="530102"),
        Column("employees", "职工人数", "int", min=0, max=1_000_000, example=120),
        Column("founded", "成立日期", "date", example="2012-05-18"),
    ), references_enterprise=False),
    Feed("insurance", "参保缴费", "社保经办", ("uscc", "year"), (
        USCC,
        Column("year", "年度", "year", True, example=2025),
        Column("insured", "参保人数", "int", True, min=0, max=1_000_000, example=118),
        Column("payroll", "缴费工资总额", "float", True, min=0, example=9_440_000),
        Column("premium_paid", "实缴保费", "float", True, min=0, example=122_720),
        Column("benefits_paid", "基金支付", "float", True, min=0, example=45_300),
        Column("rate_class", "风险类别", "int", min=1, max=8, example=6),
        Column("rate_applied", "执行费率", "float", min=0, max=5, example=1.3),
        Column("paid_late", "欠缴", "bool", example="否"),
    )),
    Feed("injuries", "工伤认定", "人社", ("case_no",), (
        Column("case_no", "认定书编号", "text", True, example="530102-2025-000123"),
        USCC,
        ID_NUMBER,
        Column("name", "姓名", "text", personal="drop", example="张三"),
        Column("accident_date", "事故日期", "date", True, example="2025-03-14"),
        Column("decision_date", "认定日期", "date", True, example="2025-04-20"),
        Column("accident_type", "事故类别", "code", True, codes="accident_type", example="高处坠落"),
        Column("fatal", "死亡", "bool", True, example="否"),
        Column("disability_grade", "伤残等级", "int", min=1, max=10, example=9),
        Column("lost_days", "停工留薪天数", "int", min=0, max=730, example=60),
        Column("benefits", "基金支付", "float", min=0, example=38_000),
        Column("position", "岗位", "text", example="架子工"),
    ), date_order=(("accident_date", "decision_date"),)),
    Feed("diseases", "职业病诊断", "卫健", ("case_no",), (
        Column("case_no", "诊断书编号", "text", True, example="ZYB-2025-0042"),
        USCC,
        ID_NUMBER,
        Column("diagnosis_date", "诊断日期", "date", True, example="2025-06-02"),
        Column("category", "职业病类别", "code", True, codes="disease_category", example="职业性尘肺病及其他呼吸系统疾病"),
        Column("disease", "病名", "text", True, example="矽肺"),
        Column("stage", "分期", "text", example="壹期"),
        Column("exposure_years", "接害工龄", "float", min=0, max=60, example=12),
    )),
    Feed("accidents", "生产安全事故", "应急管理", ("accident_no",), (
        Column("accident_no", "事故编号", "text", True, example="YJ-2025-0007"),
        USCC,
        Column("date", "事故日期", "date", True, example="2025-08-09"),
        Column("accident_type", "事故类别", "code", True, codes="accident_type", example="坍塌"),
        Column("deaths", "死亡人数", "int", True, min=0, max=1000, example=1),
        Column("serious_injuries", "重伤人数", "int", True, min=0, max=1000, example=2),
        Column("minor_injuries", "轻伤人数", "int", min=0, max=10000, example=3),
        Column("direct_loss", "直接经济损失", "float", min=0, example=180.5),
    )),
    Feed("hazards", "隐患排查", "应急、住建、交通等", ("hazard_no",), (
        Column("hazard_no", "隐患编号", "text", True, example="YH-2025-01234"),
        USCC,
        Column("found_date", "发现日期", "date", True, example="2025-05-10"),
        Column("level", "隐患等级", "code", True, codes="hazard_level", example="重大"),
        Column("category", "隐患类别", "text", example="高处作业防护缺失"),
        Column("deadline", "整改期限", "date", True, example="2025-06-10", future_ok=True),
        Column("rectified_date", "整改完成日期", "date", example="2025-06-01"),
        Column("department", "发现部门", "text", example="住建"),
    ), date_order=(("found_date", "deadline"), ("found_date", "rectified_date"))),
    Feed("trainings", "培训记录", "人社、培训机构", ("record_no",), (
        Column("record_no", "培训记录编号", "text", True, example="PX-2025-000001"),
        USCC,
        ID_NUMBER,
        Column("role", "岗位类别", "code", True, codes="training_role", example="一线班组长"),
        Column("course", "课程", "text", True, example="建筑施工安全与工伤预防"),
        Column("hours", "学时", "float", True, min=0.5, max=200, example=16),
        Column("completed_date", "结业日期", "date", True, example="2025-09-20"),
        Column("online", "线上", "bool", example="是"),
    )),
    Feed("key_positions", "重点岗位人员", "用人单位、人社", ("uscc", "year", "role"), (
        USCC,
        Column("year", "年度", "year", True, example=2025),
        Column("role", "岗位类别", "code", True, codes="training_role", example="一线班组长"),
        Column("headcount", "在岗人数", "int", True, min=0, max=100_000, example=14),
    )),
    # Prevention work (SPEC C6): publicity, warning-education bases, technical-school courses.
    Feed("campaigns", "宣传活动", "人社、总工会", ("campaign_no",), (
        Column("campaign_no", "活动编号", "text", True, example="XC-2025-001"),
        Column("date", "活动日期", "date", True, example="2025-04-28"),
        Column("region_code", "行政区划代码", "code", True, codes="region", example="530102"),
        Column("key_group", "重点行业", "code", codes="key_group", example="建筑施工"),
        Column("theme", "主题", "text", True, example="安全生产月·工伤预防进工地"),
        Column("reach", "覆盖人次", "int", min=0, max=10_000_000, example=1200),
    ), references_enterprise=False),
    Feed("warning_bases", "警示教育基地", "人社、应急管理", ("base_no",), (
        Column("base_no", "基地编号", "text", True, example="JD-5301-01"),
        Column("name", "基地名称", "text", True, example="昆明市工伤预防警示教育基地"),
        Column("region_code", "行政区划代码", "code", True, codes="region", example="530102"),
        Column("filed_date", "备案日期", "date", True, example="2023-06-16"),
    ), references_enterprise=False),
    Feed("school_courses", "技工院校课程", "人社", ("record_no",), (
        Column("record_no", "课程记录编号", "text", True, example="JX-2025-0001"),
        Column("school", "院校名称", "text", True, example="云南技师学院"),
        Column("course", "课程名称", "text", True, example="工伤预防与职业安全"),
        Column("class_hours", "课时", "float", True, min=0.5, max=500, example=16),
        Column("year", "年度", "year", True, example=2025),
        Column("students", "学生人数", "int", min=0, max=100_000, example=240),
    ), references_enterprise=False),
    # Prevention projects (工伤预防项目): the project, the enterprises it serves, its trail of
    # milestones and payments (checked across rows by ``project_rules``), and the expert pool.
    Feed("projects", "工伤预防项目", "人社", ("project_no",), (
        Column("project_no", "项目编号", "text", True, example="GSYF-2025-01"),
        Column("name", "项目名称", "text", True, example="建筑施工企业一线班组长工伤预防培训项目"),
        Column("year", "项目年度", "year", True, example=2025),
        Column("region_code", "行政区划代码", "code", True, codes="region", example="530100"),
        Column("key_group", "重点行业", "code", codes="key_group", example="建筑施工"),
        Column("budget", "预算金额（元）", "float", True, min=1, max=1e9, example=600_000),
        Column("implementer", "实施机构", "text", True, example="云南示例安全技术服务中心"),
        Column("implementer_uscc", "实施机构统一社会信用代码", "text", True, check="uscc", example="52530100MJ0K12340P"),
        Column("contract_date", "签约日期", "date", True, example="2025-03-01"),
        Column("due_date", "约定验收日期", "date", True, future_ok=True, example="2025-12-31"),
    ), date_order=(("contract_date", "due_date"),), references_enterprise=False),
    Feed("project_enterprises", "项目服务企业", "人社", ("project_no", "uscc"), (
        Column("project_no", "项目编号", "text", True, refers="projects", example="GSYF-2025-01"),
        USCC,
    )),
    Feed("project_events", "项目过程记录", "人社、财政", ("event_no",), (
        Column("event_no", "记录编号", "text", True, example="GSYF-2025-01-E01"),
        Column("project_no", "项目编号", "text", True, refers="projects", example="GSYF-2025-01"),
        Column("stage", "环节", "code", True, codes="project_stage", example="立项"),
        Column("date", "日期", "date", True, example="2025-01-15"),
        Column("amount", "支付金额（元）", "float", min=0.01, max=1e9),
        Column("payment_kind", "支付类别", "code", codes="payment_kind"),
        Column("note", "说明", "text", example="年度工伤预防项目计划批复"),
    ), references_enterprise=False),
    Feed("experts", "专家库", "人社", ("expert_no",), (
        Column("expert_no", "专家编号", "text", True, example="ZJ-0001"),
        ID_NUMBER,
        Column("name", "姓名", "text", personal="drop", example="李四"),
        Column("specialty", "专业领域", "text", True, example="建筑施工安全"),
        Column("employer_uscc", "工作单位统一社会信用代码", "text", True, check="uscc", example="12530100MB0X56780X"),
        Column("term_start", "聘任起始日期", "date", True, example="2024-01-01"),
    ), references_enterprise=False),
]}

# Safety-accident levels, least to most serious (生产安全事故报告和调查处理条例 art. 3); derived at import.
ACCIDENT_LEVELS = ("general", "larger", "major", "especially_major")

# Columns computed at import, stored after the feed's own columns.
DERIVED = {"diseases": ("is_pneumoconiosis",), "accidents": ("level",)}


def feed_label(feed: str, lang: str = "zh") -> str:
    """A feed's name in ``lang`` (参保单位 / Enterprises)."""
    return labels.pair((FEEDS[feed].zh, feed.replace("_", " ").capitalize()), lang)
