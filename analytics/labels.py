"""Every user-facing word, in Chinese and English, in one place.

``t(key, lang)`` returns the label; pages, CLI reports and exports all read from here so a
label is translated once. Chinese is the default language.
"""

from __future__ import annotations

LANGS = ("zh", "en")

LABELS: dict[str, tuple[str, str]] = {
    # app frame
    "app_title": ("工伤预防大数据分析平台", "Work-Injury Prevention Analytics"),
    "language": ("语言", "Language"),
    "section_overview": ("概览", "Overview"),
    "section_analysis": ("分析研判", "Analysis"),
    "section_manage": ("数据与管理", "Data and administration"),
    "page_data": ("数据管理", "Data"),
    "empty_warehouse": (
        "数据仓库中还没有数据。请在“数据管理”页面上传数据，或运行 `python -m analytics demo` 生成演示省份。",
        "The warehouse holds no data yet. Upload files on the Data page, or run `python -m analytics demo` to build the demo province.",
    ),
    "no_warehouse": (
        "找不到数据仓库文件 {path}。运行 `make run` 会自动生成演示数据。",
        "Warehouse file {path} not found. `make run` builds the demo warehouse automatically.",
    ),
    # data page
    "counts_by_year": ("各数据集按年度记录数", "Records per feed and year"),
    "counts_caption": (
        "年度按业务日期归属（事故日期、诊断日期、发现日期、结业日期；参保缴费与重点岗位按申报年度）。{ytd}年为截至{asof}的年初至今数据。",
        "Years follow the business date (accident, diagnosis, finding, completion; insurance and key positions by their declared year). {ytd} is year to date, up to {asof}.",
    ),
    "import_log": ("导入日志", "Import log"),
    "import_log_caption": ("每次导入（无论接受或拒绝）都会记录来源文件、校验和、行数、时间和操作人。",
                           "Every import, accepted or rejected, is logged with its file, checksum, row counts, time and user."),
    "feed": ("数据集", "Feed"),
    "year": ("年度", "Year"),
    "rows": ("记录数", "Records"),
    "total": ("合计", "Total"),
    "upload": ("上传数据文件", "Upload a data file"),
    "upload_help": ("支持 .xlsx、.csv（UTF-8 或 GBK）、.parquet；表头可用中文或英文。整个文件校验通过才会写入。",
                    "Accepts .xlsx, .csv (UTF-8 or GBK) and .parquet with Chinese or English headers. Nothing is written unless the whole file is valid."),
    "choose_feed": ("选择数据集", "Choose the feed"),
    "import_button": ("校验并导入", "Validate and import"),
    "importing": ("正在校验并导入…", "Validating and importing…"),
    "templates": ("下载导入模板", "Download import templates"),
    "template_for": ("{feed} 模板", "{feed} template"),
    "accepted": ("导入成功：读取 {read} 行，新增 {inserted} 行，更新 {updated} 行，未变 {unchanged} 行。",
                 "Imported: {read} rows read, {inserted} inserted, {updated} updated, {unchanged} unchanged."),
    "nothing_changed": ("文件中的记录已全部在库，未作任何更改。", "Every record of the file is already stored; nothing changed."),
    "rejected": ("文件未通过校验，未写入任何数据。共发现 {n} 个问题，下表列出前 {shown} 个。",
                 "The file failed validation and nothing was written. {n} problems found; the first {shown} are listed."),
    "row": ("行号", "Row"),
    "column": ("列", "Column"),
    "value": ("值", "Value"),
    "rule": ("规则", "Rule"),
    "problem": ("问题说明", "Problem"),
    "file_name": ("文件名", "File"),
    "checksum": ("校验和", "Checksum"),
    "rows_read": ("读取行数", "Rows read"),
    "inserted": ("新增", "Inserted"),
    "updated": ("更新", "Updated"),
    "unchanged": ("未变", "Unchanged"),
    "rejected_rows": ("拒绝", "Rejected"),
    "status": ("状态", "Status"),
    "status_accepted": ("已接受", "Accepted"),
    "status_rejected": ("已拒绝", "Rejected"),
    "started_at": ("开始时间", "Started"),
    "imported_by": ("操作人", "User"),
    "no_imports": ("还没有导入记录。", "No imports yet."),
    "ytd_suffix": ("（年初至今）", " (year to date)"),
    # shared filters
    "filters": ("筛选", "Filters"),
    "year_filter": ("年度", "Year"),
    "prefecture_filter": ("州（市）", "Prefecture"),
    "key_group_filter": ("重点行业", "Key industry"),
    "all": ("全部", "All"),
    "other_industries": ("其他行业", "Other industries"),
    # overview
    "page_overview": ("总览", "Overview"),
    "page_trends": ("趋势分析", "Trends"),
    "page_premiums": ("费率浮动", "Premium rates"),
    "injuries": ("认定工伤", "Recognised injuries"),
    "deaths": ("工亡", "Deaths"),
    "insured": ("参保人数", "Insured persons"),
    "injury_rate": ("工伤发生率（‰）", "Injury rate (per 1000)"),
    "death_rate": ("千人死亡率（‰）", "Deaths per 1000"),
    "pneumoconiosis": ("新发尘肺病", "New pneumoconiosis"),
    "vs_last_year": ("较上年", "vs last year"),
    "warehouse_busy": ("数据仓库正被另一个程序占用，暂时无法打开。请关闭该程序后刷新本页。（{detail}）",
                       "The warehouse is held by another program and cannot be opened now. Close it and reload. ({detail})"),
    "ytd_warning": ("{year}年为年初至今数据，且工伤认定有滞后，数字尚不完整，不与上年比较。",
                    "{year} is year to date and recognitions lag: its figures are incomplete and not compared with last year."),
    "plan_targets": ("规划目标进展", "Plan targets"),
    "target_col": ("目标", "Target"),
    "base_rate": ("基期值", "Base"),
    "latest_rate": ("最新完整年度", "Latest complete year"),
    "target_rate": ("期末目标值", "Target at period end"),
    "projected": ("期末预测值", "Projected at period end"),
    "projected_interval": ("预测95%区间", "95 % interval"),
    "probability_met": ("达标概率", "Probability met"),
    "verdict": ("判断", "Verdict"),
    "overview_caption": ("工伤发生率 = 认定工伤数 ÷ 参保人数 × 1000；{ytd}年为截至{asof}的年化值，工伤认定有滞后，近期数据偏低。",
                         "Injury rate = recognised injuries ÷ insured persons × 1000; {ytd} is annualised to {asof}; recognitions lag, so recent months are low."),
    "rate_by_group": ("各重点行业工伤发生率（‰，95%置信区间）", "Injury rate by key industry (per 1000, 95 % interval)"),
    "rate_by_year": ("工伤发生率年度趋势（‰，95%置信区间）", "Injury rate by year (per 1000, 95 % interval)"),
    "small_note": ("少于10起的比率以空心点表示，仅供参考。", "Rates from fewer than 10 events are hollow markers: read with care."),
    "by_prefecture": ("各州（市）工伤发生率（‰）", "Injury rate by prefecture (per 1000)"),
    "rules_file": ("浮动规则", "Rules"),
    "rate_year": ("费率年度", "Rate year"),
    "tier_distribution": ("建议浮动档分布（单位数）", "Recommended tiers (employers)"),
    "fund_impact": ("基金收支影响", "Fund impact"),
    "download_xlsx": ("导出 Excel", "Export to Excel"),
    "recommendations": ("单位费率建议", "Recommendations per employer"),
    "risk_class": ("风险类别", "Risk class"),
    "tier": ("浮动档", "Tier"),
    "employers": ("单位数", "Employers"),
    "income_current": ("现行费率保费收入（元）", "Income at current rates (yuan)"),
    "income_recommended": ("建议费率保费收入（元）", "Income at recommended rates (yuan)"),
    "expected_payouts": ("预计基金支出（元）", "Expected payouts (yuan)"),
    "change": ("收入变化（元）", "Change in income (yuan)"),
    "payout_ratio_recommended": ("支出/收入", "Payouts / income"),
    "threshold_what_if": ("假设分析：调整“无新发工伤”下浮门槛（支缴率 %）", "What-if: threshold for the 80 % tier (payout ratio %)"),
}

# Validation rules: (Chinese, English) message templates; {value} and {detail} are filled in.
RULES: dict[str, tuple[str, str]] = {
    "missing_column": ("缺少必填列 {detail}", "required column {detail} is missing"),
    "duplicate_column": ("列 {detail} 出现多次", "column {detail} appears more than once"),
    "required": ("必填项为空", "required value is empty"),
    "not_integer": ("应为整数", "must be a whole number"),
    "not_number": ("应为数字", "must be a number"),
    "not_date": ("无法识别的日期（应为 YYYY-MM-DD）", "not a date (expected YYYY-MM-DD)"),
    "not_bool": ("应为 是/否", "must be yes/no (是/否)"),
    "future_date": ("日期晚于今天", "date is in the future"),
    "future_year": ("年度晚于今年", "year is in the future"),
    "date_order": ("{detail}", "{detail}"),
    "out_of_range": ("超出允许范围 {detail}", "outside the allowed range {detail}"),
    "unknown_code": ("不是允许的代码或名称（{detail}）", "not an allowed code or name ({detail})"),
    "uscc_checksum": ("统一社会信用代码校验位错误（GB 32100）", "invalid unified social credit code check digit (GB 32100)"),
    "id_checksum": ("身份证号校验失败（GB 11643）", "invalid citizen ID number (GB 11643 check digit, birth date or region)"),
    "unknown_enterprise": ("参保单位不存在，请先导入参保单位", "enterprise not found; import it in the enterprises feed first"),
    "duplicate_key": ("与第 {detail} 行主键重复", "duplicate key, same as row {detail}"),
    "unreadable_file": ("无法读取文件：{detail}", "cannot read the file: {detail}"),
    "empty_file": ("文件中没有数据行", "the file has no data rows"),
}

CODE_LISTS = {
    "industry": ("GB/T 4754-2017 行业代码", "GB/T 4754-2017 industry code"),
    "region": ("本省县级或地级行政区划代码", "county or prefecture code of this province"),
    "accident_type": ("GB 6441 事故类别 1-20", "GB 6441 accident type 1-20"),
    "disease_category": ("职业病分类 1-10", "occupational-disease category 1-10"),
    "training_role": ("企业负责人/安全管理负责人/一线班组长/接触职业病危害因素劳动者",
                      "principal / safety_manager / team_leader / exposed_worker"),
    "hazard_level": ("重大/一般", "major / general"),
}

HAZARD_LEVELS = {"major": ("重大", "Major"), "general": ("一般", "General")}

def t(key: str, lang: str = "zh", **fields) -> str:
    """Label ``key`` in ``lang``, with ``{fields}`` filled in."""
    zh, en = LABELS[key]
    text = en if lang == "en" else zh
    return text.format(**fields) if fields else text


def feed_label(feed: str, lang: str = "zh") -> str:
    from analytics.feeds import FEEDS

    f = FEEDS[feed]
    return f.zh if lang == "zh" else feed.replace("_", " ").capitalize()
