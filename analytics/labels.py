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
    "choose_options": ("请选择", "Choose options"),
    "upload_button": ("选择文件", "Upload"),
    "upload_limits": ("或将文件拖到此处 · 单个文件不超过 {size} · {types}", "{size} per file • {types}"),
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
    "rule": ("规则代码", "Rule code"),
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
    "status_started": ("进行中", "In progress"),
    "status_failed": ("失败（已回滚）", "Failed (rolled back)"),
    "status_aborted": ("中断（未写入）", "Interrupted (nothing written)"),
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
    "small_note": ("少于10起的比率以空心点或灰色条表示，仅供参考。", "Rates from fewer than 10 events are hollow markers or grey bars: read with care."),
    "prefecture_by_year": ("各州（市）历年", "Prefectures by year"),
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
    "income_current": ("现行费率保费收入（万元）", "Income at current rates (10k yuan)"),
    "income_recommended": ("建议费率保费收入（万元）", "Income at recommended rates (10k yuan)"),
    "expected_payouts": ("预计基金支出（万元）", "Expected payouts (10k yuan)"),
    "change": ("收入变化（万元）", "Change in income (10k yuan)"),
    "payout_ratio_recommended": ("支出/收入", "Payouts / income"),
    "threshold_what_if": ("假设分析：调整“无新发工伤”下浮门槛（支缴率 %）", "What-if: threshold for the 80 % tier (payout ratio %)"),
    # shared filters (more)
    "county_filter": ("县（市、区）", "County"),
    "industry_filter": ("行业（大类）", "Industry (division)"),
    "yes": ("是", "Yes"),
    "no": ("否", "No"),
    "no_rows_for_filters": ("当前筛选条件下没有数据，请放宽筛选。", "No data for these filters; widen them."),
    # overview (more)
    "no_data": ("无数据", "No data"),
    "map_title": ("各州（市）工伤发生率（‰）· {year}", "Injury rate by prefecture (per 1000) · {year}"),
    "what_changed": ("变化最大的方面：{year}年与上年相比", "What changed most: {year} against the year before"),
    "what_changed_caption": (
        "按“变化相当于多少起工伤”排序：（本年发生率 − 上年发生率）× 本年参保人年 ÷ 1000；显著性为两年发生率相等的泊松检验（p < 0.05）。",
        "Ordered by the injuries the change accounts for: (this year's rate − last year's) × this year's person-years ÷ 1000; "
        "significant means a Poisson test of equal rates gives p < 0.05."),
    "no_change_ytd": ("所选年度为年初至今数据，不与上年比较。", "The selected year is year to date and is not compared with last year."),
    "dimension": ("维度", "Grouping"),
    "group": ("对象", "Group"),
    "dim_prefecture": ("州（市）", "Prefecture"),
    "dim_key_group": ("重点行业", "Key industry"),
    "dim_division": ("行业大类", "Industry division"),
    "rate_before": ("上年发生率（‰）", "Last year's rate (‰)"),
    "rate_now": ("本年发生率（‰）", "This year's rate (‰)"),
    "change_pct": ("变化", "Change"),
    "excess_injuries": ("相当于工伤（起）", "Injuries it accounts for"),
    "significant": ("统计显著", "Significant"),
    # industries
    "page_industries": ("行业研判", "Industries"),
    "rank_by": ("排序对象", "Rank"),
    "by_division": ("行业大类", "Industry divisions"),
    "by_key_group": ("重点行业", "Key-industry groups"),
    "top_n_industries": ("按发生率或预计工伤数各取前几位", "Top of each ranking to propose"),
    "industries_caption": (
        "为 {coming} 年提出建议：依据 {first}–{last} 年数据，工伤发生率经经验贝叶斯（伽马-泊松）平滑，小行业向全省平均收缩；"
        "趋势为近五年泊松对数线性拟合的年均变化。",
        "Proposal for {coming} from {first}-{last}: injury rates smoothed by empirical Bayes (gamma-Poisson), so small "
        "industries shrink towards the provincial rate; trend is the yearly change of a Poisson log-linear fit over five years."),
    "proposed_industries": ("{year} 年建议重点行业及理由", "Proposed key industries for {year}, and why"),
    "ranking_title": ("平滑后工伤发生率（柱）与原始发生率（竖线），前15位", "Smoothed injury rate (bar) and raw rate (tick), top 15"),
    "full_ranking": ("完整排序", "Full ranking"),
    "proposed_tab": ("建议重点行业", "Proposed key industries"),
    "by_accident_type": ("按事故类别（GB 6441）的认定工伤数，前8类", "Recognised injuries by accident type (GB 6441), top 8"),
    "by_severity": ("按伤害程度的认定工伤数", "Recognised injuries by severity"),
    "by_season": ("按月份的认定工伤数（季节性）", "Recognised injuries by month (season)"),
    "diseases_title": ("职业病与尘肺病发病率（每10万参保人，95%置信区间）", "Occupational disease and pneumoconiosis per 100,000 insured (95 % interval)"),
    "disease_rate": ("职业病发病率（每10万人）", "Occupational disease per 100,000"),
    "pneumoconiosis_rate": ("尘肺病发病率（每10万人）", "Pneumoconiosis per 100,000"),
    "month": ("月份", "Month"),
    "ytd_star_note": ("带 * 的年度为年初至今（年化），尚不完整，且工伤认定有滞后。",
                      "A starred year is year to date (annualised): incomplete, and recognitions lag."),
    "ytd_note": ("标注“年初至今”的年度尚不完整，且工伤认定有滞后。", "Years marked year to date are incomplete, and recognitions lag."),
    "other_types": ("其余类别合计", "All other types"),   # not GB 6441 其他伤害, which has its own bar
    "severity_fatal": ("工亡", "Fatal"),
    "severity_grade_1_4": ("1-4级伤残", "Disability grade 1-4"),
    "severity_grade_5_10": ("5-10级伤残", "Disability grade 5-10"),
    "severity_no_grade": ("未评残", "No disability grade"),
    "proposed_trend": ("建议重点行业的工伤发生率趋势（‰，95%置信区间）", "Injury-rate trend of the proposed key industries (per 1000, 95 % interval)"),
    "rank_rate": ("发生率排名", "Rank by rate"),
    "name": ("名称", "Name"),
    "raw_rate": ("原始发生率（‰）", "Raw rate (‰)"),
    "smoothed_rate": ("平滑发生率（‰）", "Smoothed rate (‰)"),
    "expected_next": ("预计下一年工伤（起）", "Expected injuries next year"),
    "burden_share": ("占全省比例", "Share of province"),
    "trend": ("年均趋势", "Yearly trend"),
    "reason": ("理由", "Reason"),
    # enterprises
    "page_enterprises": ("重点企业", "Key enterprises"),
    "no_model": ("还没有已登记的风险模型。请运行 `python -m analytics train`（`make run` 首次启动时会自动训练）。",
                 "No risk model is registered yet. Run `python -m analytics train` (`make run` trains one on first start)."),
    "top_n": ("模型排序前 N 家", "Top N by the model"),
    "audit_n": ("随机抽查家数", "Random audit sample"),
    "keylist_caption": ("{coming} 年重点企业名单：以 {year} 年底前的数据评分；模型 {model}。",
                        "Key-enterprise list for {coming}, scored on data up to the end of {year}; model {model}."),
    "kind_ranked": ("模型排序", "Ranked"),
    "kind_mandatory": ("必选", "Mandatory"),
    "kind_audit": ("随机抽查", "Audit sample"),
    "show_kinds": ("显示类型", "Show"),
    "rows_shown": ("共 {n:,} 家，显示第", "{n:,} entries; showing"),
    "kind": ("类型", "Type"),
    "rank": ("模型排序", "Rank"),
    "uscc": ("统一社会信用代码", "USCC"),
    "industry": ("行业", "Industry"),
    "expected": ("预计工伤（起）", "Expected injuries"),
    "interval": ("90%区间", "90 % interval"),
    "mandatory_reason": ("必选原因", "Why mandatory"),
    "reasons": ("理由", "Reasons"),
    "letters": ("整改建议书", "Rectification letters"),
    "select_for_letters": ("从本页名单中选择单位生成整改建议书（.docx，最多20家）", "Choose employers on this page of the list for letters (.docx, up to 20)"),
    "download_letter": ("下载：{name}", "Download: {name}"),
    "one_enterprise": ("单位详情", "One enterprise"),
    "choose_enterprise": ("选择单位（本页名单）", "Choose an employer (this page of the list)"),
    "choose_enterprise_hint": ("在上方名单中点选一行，或在此输入名称选择", "Click a row of the list above, or type a name here"),
    "clicked_enterprise": ("显示名单中选中的单位；取消选中后可按名称选择。", "Showing the employer selected in the list; clear the selection to choose by name."),
    "open_hazards": ("未整改隐患", "Open hazards"),
    "no_open_hazards": ("没有未整改的隐患。", "No open hazards."),
    "enterprise_history": ("历年工伤（柱）与参保人数（线）", "Injuries (bars) and insured persons (line) by year"),
    "premium_recommendation": ("费率浮动建议", "Premium-rate recommendation"),
    "premium_line": ("现行费率 {current:.2f}%，建议费率 {recommended:.2f}%（浮动档 {tier}%）。{reason}",
                     "Current rate {current:.2f} %, recommended {recommended:.2f} % (tier {tier} %). {reason}"),
    "no_premium": ("该单位本年度没有费率浮动建议（未参保或缴费不足一年）。",
                   "No recommendation for this employer this year (not insured, or less than a year of premiums)."),
    "eh_serious": ("工亡及1-4级", "Fatal or grade 1-4"),
    "eh_diseases": ("职业病", "Occupational diseases"),
    "eh_accidents": ("生产安全事故", "Safety accidents"),
    "eh_hazards": ("发现隐患", "Hazards found"),
    "eh_hazards_overdue": ("年末逾期隐患", "Overdue at year end"),
    "eh_key_positions": ("重点岗位人数", "Key positions"),
    "eh_training_coverage": ("培训覆盖率", "Training coverage"),
    "eh_premium_paid": ("缴费（元）", "Premiums paid (yuan)"),
    "eh_benefits_paid": ("基金支付（元）", "Fund payments (yuan)"),
    "eh_payout_ratio": ("支缴率（%）", "Payout ratio (%)"),
    "eh_rate_applied": ("适用费率（%）", "Rate applied (%)"),
    "hz_hazard_no": ("隐患编号", "Hazard no."),
    "hz_found_date": ("发现日期", "Found"),
    "hz_level": ("等级", "Level"),
    "hz_category": ("类别", "Category"),
    "hz_deadline": ("整改期限", "Deadline"),
    "hz_overdue": ("已逾期", "Overdue"),
    "hz_department": ("检查部门", "Department"),
    # models
    "page_models": ("模型评估", "Model validation"),
    "choose_model": ("本次会话使用的模型（重点企业名单与会议页随之变化）", "Model used in this session (the key-enterprise list and meeting follow it)"),
    "model_in_use_caption": ("“使用中”为默认模型；在上面选择其他模型只影响本浏览器会话，不改动默认设置（`python -m analytics train` 会更新默认）。",
                             "“In use” marks the default model; choosing another above affects only this browser session (`python -m analytics train` updates the default)."),
    "model_id": ("模型编号", "Model id"),
    "model_name": ("模型", "Model"),
    "training_years": ("训练年度", "Training years"),
    "mean_top10": ("前10%平均捕获率", "Mean top-10 % capture"),
    "created": ("登记时间", "Registered"),
    "in_use": ("使用中", "In use"),
    "no_backtest": ("还没有回测结果。运行 `python -m analytics train` 会回测并保存结果。",
                    "No backtest yet. `python -m analytics train` runs one and saves it."),
    "top_share": ("排序前", "Top"),
    "outcome": ("结果", "Outcome"),
    "outcome_injuries": ("工伤", "injuries"),
    "outcome_deaths": ("工亡", "deaths"),
    "outcome_serious": ("工亡及1-4级伤残", "fatal or grade 1-4 injuries"),
    "capture_title": ("排序前 {share}% 的单位在次年{outcome}中所占比例", "Share of next year's {outcome} in the top {share} % of employers"),
    "share_captured": ("捕获比例", "Share captured"),
    "test_year": ("检验年度", "Test year"),
    "ranker": ("排序方法", "Ranking"),
    "backtest_caption": (
        "滚动起点回测：用 t−1 年及以前的数据训练，对 t 年排序，再用 t 年的实际工伤检验。基准方法为各部门现行做法；“理论上限”为演示数据的真实风险。",
        "Rolling-origin backtest: trained on years up to t − 1, ranked for t, scored on t's actual injuries. Baselines are "
        "what departments do today; the ceiling is the demo's hidden true risk."),
    "calibration_title": ("{model} · {year} 年校准：按预测风险十等分，预测与实际工伤数", "{model} · calibration {year}: predicted and observed injuries by risk decile"),
    "predicted": ("预测", "Predicted"),
    "observed": ("实际", "Observed"),
    "risk_decile": ("预测风险十分位（10 = 最高）", "Predicted-risk decile (10 = highest)"),
    "ranker_poisson_glm": ("泊松广义线性模型", "Poisson GLM"),
    "ranker_hgb_poisson": ("梯度提升泊松模型", "Gradient-boosted Poisson"),
    "ranker_serious_classifier": ("重伤工亡分类器", "Serious-injury classifier"),
    "ranker_last_count": ("基准：上年工伤数", "Baseline: last year's count"),
    "ranker_last_rate": ("基准：上年发生率", "Baseline: last year's rate"),
    "ranker_risk_class": ("基准：行业风险类别", "Baseline: industry risk class"),
    "ranker_random": ("基准：随机", "Baseline: random"),
    "ranker_ceiling": ("理论上限（真实风险）", "Ceiling (true risk)"),
    # meeting
    "page_meeting": ("联席会议", "Joint meeting"),
    "previous": ("上一页", "Previous"),
    "next": ("下一页", "Next"),
    "exit_meeting": ("退出会议模式", "Leave meeting mode"),
    "slide_headline": ("{year}年全省工伤情况", "Work injuries in {year}"),
    "slide_rate_down": ("{year}年工伤发生率为 {rate:.2f}‰，比上年下降 {change:.1%}。", "The injury rate in {year} was {rate:.2f} per 1000, {change:.1%} lower than the year before."),
    "slide_rate_up": ("{year}年工伤发生率为 {rate:.2f}‰，比上年上升 {change:.1%}。", "The injury rate in {year} was {rate:.2f} per 1000, {change:.1%} higher than the year before."),
    "slide_rate_level": ("{year}年工伤发生率为 {rate:.2f}‰。", "The injury rate in {year} was {rate:.2f} per 1000."),
    "slide_targets": ("{plan} 规划目标", "Plan targets {plan}"),
    "slide_targets_message": ("{n} 项目标中 {met} 项已达标或有望达标。", "{met} of {n} targets are met or on track."),
    "slide_industries": ("{year}年建议重点行业", "Proposed key industries for {year}"),
    "slide_industries_message": ("建议 {n} 个重点行业，预计占全省下一年工伤的 {share:.0%}。",
                                 "{n} key industries proposed; they account for {share:.0%} of next year's expected injuries."),
    "slide_enterprises": ("{year}年重点企业", "Key enterprises for {year}"),
    "slide_enterprises_message": ("模型排序前 {n} 家单位预计发生工伤 {expected:,.0f} 起，另有必选与随机抽查单位。",
                                  "The top {n} employers are expected to have {expected:,.0f} injuries; mandatory and audit entries are added."),
    "slide_premiums": ("{year}年工伤保险费率浮动", "Premium-rate floating for {year}"),
    "slide_premiums_message": ("{n:,} 家单位中，{down:,} 家建议下浮、{up:,} 家建议上浮；按建议费率，预计支出占收入 {ratio:.0%}。",
                               "Of {n:,} employers, {down:,} float down and {up:,} up; at the recommended rates expected payouts are {ratio:.0%} of income."),
    "tier_down": ("建议下浮（家）", "Floating down"),
    "tier_up": ("建议上浮（家）", "Floating up"),
    # key-list sentences (data/config/keylist.toml decides when each is said)
    "mandatory_fatal": ("上年发生工亡", "a fatal injury last year"),
    "mandatory_accident": ("上年发生{level}及以上生产安全事故", "a {level} or worse safety accident last year"),
    "mandatory_major_overdue": ("重大隐患 {n} 项逾期未整改", "{n} major hazards overdue and open"),
    "mandatory_pneumoconiosis": ("上年新发尘肺病", "a new pneumoconiosis case last year"),
    "reason_rate_multiple": ("近三年工伤 {n} 起，发生率 {rate:.1f}‰，为同行业平均的 {multiple:.1f} 倍",
                             "{n} injuries in three years, a rate of {rate:.1f} per 1000, {multiple:.1f} times the industry's"),
    "reason_injuries_many": ("近三年工伤 {n} 起（同行业平均 {mean:.1f} 起）", "{n} injuries in three years (industry mean {mean:.1f})"),
    "reason_deaths": ("近三年工亡 {n} 人", "{n} deaths in three years"),
    "reason_major_overdue": ("重大隐患 {n} 项逾期未整改", "{n} major hazards overdue and open"),
    "reason_overdue": ("逾期未整改隐患 {n} 项（同行业平均 {mean:.1f} 项）", "{n} hazards overdue and open (industry mean {mean:.1f})"),
    "reason_training": ("重点岗位培训覆盖率 {coverage:.0%}，低于同行业平均 {mean:.0%}",
                        "key-position training coverage {coverage:.0%}, below the industry mean {mean:.0%}"),
    "reason_audit": ("随机抽取的低排序单位，用于核查是否少报漏报工伤", "a low-ranked employer drawn at random, to check for under-reporting"),
    "reason_expected": ("参保 {insured} 人，按模型预计明年工伤 {expected:.1f} 起",
                        "{insured} insured; the model expects {expected:.1f} injuries next year"),
    "enterprise_name": ("单位名称", "Employer"),
    "industry_code": ("行业代码", "Industry code"),
    "region_code": ("行政区划代码", "Division code"),
    "yuan": ("元", "yuan"),
    "trained_on": ("训练数据", "Trained on"),
    "unknown_warehouse": ("未记录", "not recorded"),
    "province_yunnan": ("云南省", "Yunnan"),
    "province_jilin": ("吉林省", "Jilin"),
    "grade_1_4": ("1-4级伤残", "Disability grade 1-4"),
    "grade_5_10": ("5-10级伤残", "Disability grade 5-10"),
    "lost_days": ("停工留薪天数", "Days off work"),
    "benefits_paid": ("基金支付", "Fund payments"),
    "premium_paid": ("实缴保费", "Premiums paid"),
    "diseases": ("职业病", "Occupational diseases"),
    "accidents": ("生产安全事故", "Safety accidents"),
    "accidents_general": ("一般事故", "General accidents"),
    "accidents_larger": ("较大事故", "Larger accidents"),
    "accidents_major": ("重大及以上事故", "Major or worse accidents"),
    "accident_deaths": ("事故死亡人数", "Accident deaths"),
    "hazards": ("发现隐患", "Hazards found"),
    "hazards_major": ("重大隐患", "Major hazards"),
    "hazards_rectified": ("已整改隐患", "Hazards rectified"),
    "hazards_overdue": ("逾期未整改隐患", "Hazards overdue"),
    "hazards_overdue_share": ("逾期未整改比例", "Share overdue"),
    "whole_province": ("全省", "the whole province"),
    "premium_population": ("对象：{population}（{year} 年费率）。浮动档按全省同行业比较确定，此处显示所选范围内的单位及其基金影响。",
                           "Employers: {population} ({year} rates). Tiers are set against each division province-wide; "
                           "the employers in the chosen population and their fund impact are shown."),
    "model_label": ("{name}（{day} 登记）", "{name} (registered {day})"),
    "score_ytd": ("按 {year} 年年初至今的数据评分（数据不完整）", "Score on {year} year to date (incomplete)"),
    "model_unusable": ("风险模型不可用：{detail}", "The risk model cannot be used: {detail}"),
    "p_serious": ("工亡或重伤概率", "Probability of a fatal or serious injury"),
    "incomplete_year": ("{scored} 年的数据尚不完整，不能据此为 {year} 年评分；最近的完整年度为 {complete} 年，可生成 {coming} 年名单，或明确选择按年初至今数据评分（--ytd）。",
                        "{scored} is not complete, so the list for {year} cannot be scored on it; the last complete year is "
                        "{complete} (list for {coming}), or ask for year-to-date scoring explicitly (--ytd)."),
    "ytd_scoring": ("注意：按 {year} 年年初至今的数据评分，工伤认定有滞后，预计值偏低。",
                    "Note: scored on {year} year to date; recognitions lag, so expectations read low."),
    "interval_low": ("90%区间下限", "90 % interval, low"),
    "interval_high": ("90%区间上限", "90 % interval, high"),
    "keylist_sheet": ("重点企业名单", "Key enterprises"),
    # industry proposals (data/config/industries.toml decides when each is said)
    "proposal_rate": ("平滑工伤发生率 {rate:.2f}‰，为全省平均 {provincial:.2f}‰ 的 {multiple:.1f} 倍（第 {rank} 位）",
                      "smoothed injury rate {rate:.2f} per 1000, {multiple:.1f} times the provincial {provincial:.2f} (rank {rank})"),
    "proposal_burden": ("预计下一年工伤约 {expected:.0f} 起，占全省 {share:.0%}（第 {rank} 位）",
                        "about {expected:.0f} injuries expected next year, {share:.0%} of the province (rank {rank})"),
    "proposal_below_average": ("发生率 {rate:.2f}‰ 不高于全省平均 {provincial:.2f}‰，因工伤总量大而列入",
                               "its rate {rate:.2f} per 1000 is not above the provincial {provincial:.2f}; proposed for its number of injuries"),
    "proposal_trend": ("近{years}年工伤发生率年均上升 {trend:.0%}", "injury rate rising {trend:.0%} a year over {years} years"),
    # premium reasons (one sentence per employer, from its rule and figures)
    "premium_head": ("近{years}年（{window}）支缴率 {ratio}（基金支付 {benefits:,.1f}万元 ÷ 实缴保费 {premium:,.1f}万元）",
                     "payout ratio over {years} years ({window}) {ratio} (fund payments {benefits:,.1f} ÷ premiums {premium:,.1f}, 10k yuan)"),
    "premium_no_ratio": ("无法计算", "not computable"),
    "premium_credibility": ("；可信度加权 Z={z:.2f}，与本行业 {division:.1f}% 加权后为 {rated:.1f}%",
                            "; credibility Z={z:.2f}, blended with the industry's {division:.1f} % to {rated:.1f} %"),
    "premium_scope_last_year": ("上年", "last year"),
    "premium_scope_window": ("近{years}年", "in {years} years"),
    "premium_band_new": ("；{scope}有新发工伤，对应浮动档 {tier}%", "; new injuries {scope}, band tier {tier} %"),
    "premium_band_none": ("；{scope}无新发工伤，对应浮动档 {tier}%", "; no new injury {scope}, band tier {tier} %"),
    "premium_injury_factor": ("（工伤发生率达行业均值{multiple:g}倍以上，上调一档）",
                              " (injury rate at least {multiple:g} times the industry's: one tier up)"),
    "premium_accident": ("；窗口期内发生{level}生产安全事故，不得下浮", "; a {level} safety accident in the window: no discount"),
    "premium_late": ("；存在欠缴，不得下浮", "; late payment: no discount"),
    "premium_fatal": ("；发生工亡，不得下浮", "; a fatal injury: no discount"),
    "premium_disease": ("；新发职业病，不得下浮", "; a new occupational disease: no discount"),
    "premium_up_only": ("；本类行业只上浮不下浮", "; this class floats only up"),
    "premium_limited": ("；每年最多调整{n}档，由 {current}% 调至 {recommended}%",
                        "; at most {n} tier(s) a year: from {current} % to {recommended} %"),
    "premium_short_benchmark": ("；缴费不足{n}个完整年度，执行基准费率", "; fewer than {n} full years of premiums: benchmark rate"),
    "premium_short_available": ("；缴费不足{n}个完整年度，按已有年度计算", "; fewer than {n} full years of premiums: the years available"),
    "premium_tail": ("。建议费率 {rate:.3g}%（基准 {benchmark:g}% × {tier}%）",
                     ". Recommended rate {rate:.3g} % (benchmark {benchmark:g} % × {tier} %)"),
    # rectification letters (整改建议书)
    "letter_title": ("工伤预防整改建议书", "Work-injury prevention: suggestions for rectification"),
    "letter_addressee": ("{name}（统一社会信用代码 {uscc}）：", "{name} (USCC {uscc}):"),
    "letter_body": ("根据工伤认定、职业病诊断、生产安全事故和隐患排查等共享数据的分析，贵单位被列为{year}年度工伤预防重点企业。"
                    "按模型测算，贵单位{year}年预计发生工伤约 {expected:.1f} 起（90%区间 {low:.0f}–{high:.0f} 起）。",
                    "An analysis of the shared records of injury recognitions, occupational diseases, safety accidents and hazards "
                    "lists your organisation as a key enterprise for work-injury prevention in {year}. The model expects about "
                    "{expected:.1f} injuries in {year} (90 % interval {low:.0f}-{high:.0f})."),
    "letter_basis": ("主要依据：", "Main grounds:"),
    "letter_suggestions": ("整改建议：", "Suggestions:"),
    "letter_suggestion_1": ("对上述隐患和高发岗位逐项制定整改措施，明确责任人和完成时限；",
                            "set a measure, a person responsible and a deadline for each hazard and high-risk position above;"),
    "letter_suggestion_2": ("组织企业负责人、安全管理负责人、一线班组长和接触职业病危害因素劳动者参加工伤预防培训，实现重点岗位全覆盖；",
                            "train the principal, safety managers, team leaders and workers exposed to occupational hazards, "
                            "so that every key position is covered;"),
    "letter_suggestion_3": ("整改完成后将整改情况书面报送人力资源社会保障部门。",
                            "report the rectification in writing to the human resources and social security department."),
    "letter_issuer": ("人力资源和社会保障局", "Human Resources and Social Security Bureau"),
    "letter_cc": ("抄送：{regulator}", "Copy to: {regulator}"),
    # command-line tables
    "model": ("模型", "Model"),
    "low": ("下限", "Low"),
    "high": ("上限", "High"),
    "person_years": ("参保人年", "Person-years"),
    "ytd": ("年初至今", "Year to date"),
    "masked_note": (" 自由文本中有 {n} 处身份证号或手机号，已隐去。", " {n} ID or mobile numbers in free text were masked."),
    "ignored_columns": ("已忽略的列: ", "ignored columns: "),
    "payouts_from_model": ("预计基金支出：按已登记模型预测", "expected payouts from the registered model"),
    "payouts_from_history": ("预计基金支出：按窗口期历史均值", "expected payouts from history"),
    "letter_file": ("整改建议书", "rectification_letter"),
    "letters_written": ("已在 {folder} 生成 {n} 份整改建议书", "{n} letters in {folder}"),
    "smoothed_rate_short": ("平滑发生率", "Smoothed rate"),
}

# Plan-target verdicts (analytics.measures.targets says when each applies).
VERDICTS: dict[str, tuple[str, str]] = {
    "met": ("达标", "Met"), "on_track": ("有望达标", "On track"), "off_track": ("难以达标", "Off track"),
    "missed": ("未达标", "Missed"), "no_data": ("数据不足", "Not enough data"),
}

# Stages of an import, shown while a file is read, checked and written.
IMPORT_STAGES: dict[str, tuple[str, str]] = {
    "read": ("读取文件…", "Reading the file…"), "validate": ("逐行校验…", "Validating every row…"),
    "write": ("写入数据仓库…", "Writing to the warehouse…"), "done": ("完成", "Done"),
}

# Premium recommendations: column headers and workbook sheets.
RECOMMENDATION_COLUMNS: dict[str, tuple[str, str]] = {
    "uscc": ("统一社会信用代码", "USCC"), "name": ("单位名称", "Employer"), "industry_code": ("行业代码", "Industry"),
    "prefecture_code": ("州市代码", "Prefecture"), "risk_class": ("风险类别", "Risk class"),
    "benchmark_rate": ("基准费率(%)", "Benchmark rate (%)"), "window": ("支缴率窗口", "Window"),
    "ratio": ("支缴率(%)", "Payout ratio (%)"), "current_tier": ("现行浮动档(%)", "Current tier (%)"),
    "current_rate": ("现行费率(%)", "Current rate (%)"), "recommended_tier": ("建议浮动档(%)", "Recommended tier (%)"),
    "recommended_rate": ("建议费率(%)", "Recommended rate (%)"), "reason": ("理由", "Reason"),
}
PREMIUM_SHEETS: dict[str, tuple[str, str]] = {
    "recommendations": ("建议费率", "Recommendations"), "risk_class": ("按风险类别", "By class"),
    "division": ("按行业", "By division"), "prefecture_code": ("按州市", "By prefecture"),
    "fund": ("基金影响", "Fund impact"), "fund_prefecture": ("基金影响-州市", "Fund by prefecture"),
}

# Import templates: the guide sheet's headers, the kinds of value and the notes on personal data.
TEMPLATE_GUIDE: dict[str, tuple[str, str]] = {
    "sheet": ("填写说明", "Guide"), "zh": ("列名 (中文)", "Column (Chinese)"), "name": ("column (English)", "Column (English)"),
    "required": ("必填 required", "Required"), "kind": ("类型 type", "Type"), "allowed": ("允许值 allowed", "Allowed values"),
    "note": ("说明 note", "Note"), "yes": ("是", "yes"), "no": ("否", "no"),
}
VALUE_KINDS: dict[str, tuple[str, str]] = {
    "text": ("文本", "text"), "int": ("整数", "whole number"), "float": ("数字", "number"),
    "date": ("日期 YYYY-MM-DD", "date YYYY-MM-DD"), "bool": ("是/否", "yes/no (是/否)"),
    "year": ("年度（四位数）", "year (four digits)"), "code": ("代码或中文名称", "code or Chinese name"),
}
PERSONAL_NOTES: dict[str, tuple[str, str]] = {
    "hash": ("入库前转换为不可逆的加密标识", "replaced by an irreversible keyed hash before storage"),
    "drop": ("不入库", "not stored"),
}

# 行业主管和监管部门 by GB/T 4754 section: who gets the copy of a rectification letter.
REGULATORS: dict[str, tuple[str, str]] = {
    "B": ("应急管理部门、矿山安全监察机构", "emergency management and mine safety authorities"),
    "C": ("工业和信息化部门、应急管理部门", "industry and information technology, emergency management"),
    "D": ("发展改革（能源）部门、应急管理部门", "development and reform (energy), emergency management"),
    "E": ("住房和城乡建设部门", "housing and urban-rural development"),
    "G": ("交通运输部门", "transport"),
    "A": ("农业农村部门", "agriculture and rural affairs"),
    "F": ("商务部门", "commerce"),
    "H": ("商务部门、文化和旅游部门", "commerce, culture and tourism"),
}
DEFAULT_REGULATOR = ("应急管理部门", "emergency management")

ACCIDENT_LEVELS: dict[str, tuple[str, str]] = {
    "general": ("一般", "general"), "larger": ("较大", "larger"), "major": ("重大", "major"),
    "especially_major": ("特别重大", "especially major"),
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
    "uscc_format": ("统一社会信用代码格式错误（应为18位：前8位为数字，其余为数字或大写字母）",
                    "the unified social credit code is malformed (18 characters: 8 digits, then digits or capitals)"),
    "uscc_checksum": ("统一社会信用代码校验位错误（GB 32100）", "the unified social credit code's check digit is wrong (GB 32100)"),
    "id_format": ("身份证号格式错误（应为18位，前17位为数字，末位为数字或X）",
                  "the ID number is malformed (18 characters: 17 digits, then a digit or X)"),
    "id_checksum": ("身份证号校验位错误", "the ID number's check digit is wrong"),
    "id_birth_date": ("身份证号中的出生日期无效", "the birth date in the ID number is not a valid date"),
    "id_region": ("身份证号中的行政区划代码不存在", "the division code in the ID number does not exist"),
    "unknown_enterprise": ("参保单位不存在，请先导入参保单位", "enterprise not found; import it in the enterprises feed first"),
    "duplicate_key": ("与第 {detail} 行主键重复", "duplicate key, same as row {detail}"),
    "unsupported_type": ("不支持的文件类型 {detail}，请使用 .xlsx、.csv 或 .parquet",
                         "unsupported file type {detail}; use .xlsx, .csv or .parquet"),
    "file_too_large": ("文件过大（{detail}），请按年度或州市拆分后分别导入", "the file is too large ({detail}); split it by year or prefecture"),
    "too_large_expanded": ("文件解压后过大（{detail}），请拆分后分别导入", "the file is too large once expanded ({detail}); split it"),
    "too_many_rows": ("行数过多（{detail}），请按年度或州市拆分后分别导入", "too many rows ({detail}); split the file by year or prefecture"),
    "legacy_xls": ("这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 后上传",
                   "this is an old Excel (.xls) file; save it as .xlsx in Excel or WPS and upload that"),
    "wrong_content": ("文件内容与扩展名不符（{detail}），请用正确的扩展名保存后上传",
                      "the file's content does not match its extension ({detail}); save it with the right extension"),
    "damaged_file": ("无法读取该 {detail} 文件：文件已损坏，或并非该格式", "cannot read this {detail} file: it is damaged or not in that format"),
    "bad_encoding": ("无法识别 CSV 文件的文字编码，请另存为 UTF-8 编码的 CSV", "cannot tell the CSV's text encoding; save it as UTF-8 CSV"),
    "missing_key": ("去标识化密钥文件 {detail} 缺失，而数据仓库中已有加密标识。请从备份恢复该文件（或设置 ANALYTICS_ID_KEY），本次未写入任何数据。",
                    "the de-identification key {detail} is missing while the warehouse already holds hashed identifiers; "
                    "restore it from your backup (or set ANALYTICS_ID_KEY). Nothing was written."),
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


def year_label(year: int, ytd: bool, lang: str = "zh") -> str:
    """``2026（年初至今）`` for a partial year, ``2025`` otherwise."""
    return f"{year}{t('ytd_suffix', lang)}" if ytd else str(year)


def join(parts: list[str], lang: str = "zh") -> str:
    """Reasons in one sentence: ``；`` between Chinese clauses, ``; `` between English ones."""
    return ("; " if lang == "en" else "；").join(parts)


def pair(value: tuple[str, str], lang: str = "zh") -> str:
    """The form of a (Chinese, English) pair in ``lang``."""
    return value[1] if lang == "en" else value[0]


SUFFIXES = {"_low": ("下限", "low"), "_high": ("上限", "high"), "_small": ("小样本", "small count"),
            "_yoy": ("同比", "year on year")}


def column(name: str, lang: str = "zh") -> str:
    """A table header for a column name: its label, or its base label with a suffix (``injury_rate_low``)."""
    if name in LABELS:
        return t(name, lang)
    for suffix, words in SUFFIXES.items():
        if name.endswith(suffix) and name[:-len(suffix)] in LABELS:
            return f"{t(name[:-len(suffix)], lang)} {pair(words, lang)}"
    return name

