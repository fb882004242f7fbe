"""Command line: ``python -m analytics COMMAND``; everything that is not viewing.

Exit status: 0 done, 2 input rejected (a file failed validation, bad arguments), 1 other error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analytics import labels, paths, progress
from analytics.data.feeds import FEEDS


def _cmd_demo(args) -> int:
    from analytics.data import demo

    path = Path(args.db or paths.default_db_path())
    summary = demo.build(path, seed=args.seed, n_enterprises=args.enterprises, province=args.province,
                         force=args.force, progress=progress.terminal("demo"))
    print(f"demo warehouse {path}: {summary.enterprises} enterprises, "
          f"{sum(summary.rows.values())} rows in {summary.seconds:.1f} s")
    return 0


def _cmd_import(args) -> int:
    from analytics.data import importer, warehouse

    try:
        con = warehouse.connect(args.db)
    except warehouse.WarehouseBusy:
        result = _queued_import(args)
    else:
        result = importer.import_file(con, args.feed, args.file, user=args.user,
                                      progress=progress.terminal(f"import {args.feed}"))
    lang = args.lang
    print(result.summary(lang))
    if result.ignored_columns:
        print(labels.t("ignored_columns", lang) + ", ".join(result.ignored_columns))
    if not result.accepted:
        report = result.report(lang)
        print(report.to_string(index=False) if not report.empty else "")
        return 2
    return 0


def _queued_import(args):
    """The warehouse is held (by the running dashboard): hand the file to its import queue and wait."""
    from analytics.data import warehouse, write_queue

    db = args.db or paths.default_db_path()
    say = lambda state: print(labels.t(f"queue_{state}", args.lang), file=sys.stderr, flush=True)  # noqa: E731
    job = write_queue.submit(db, args.feed, Path(args.file).read_bytes(), args.file, user=args.user)
    try:
        return write_queue.wait(db, job, claim_timeout=args.claim_timeout, progress=say)
    except write_queue.NobodyServing:
        raise warehouse.WarehouseBusy(labels.t("queue_nobody", args.lang, db=db)) from None


def _cmd_export_parquet(args) -> int:
    from analytics.data import parquet, warehouse

    with warehouse.connect(args.db, read_only=True) as con:
        rows = parquet.export(con, args.folder, progress=progress.terminal("export-parquet"))
    print(f"{args.folder}: {len(rows)} tables, {sum(rows.values()):,} rows (Hive-partitioned by province and year)")
    return 0


def _cmd_template(args) -> int:
    from analytics.data import templates

    out = Path(args.out or f"{args.feed}_template.xlsx")
    out.write_bytes(templates.template_xlsx(args.feed, args.lang))
    print(out)
    return 0


def _filters(args):
    from analytics.measures.indicators import Filters

    first = last = None
    if args.years:
        first, _, last = args.years.partition("-")
        first, last = int(first), int(last or first)
    split = lambda v: tuple(x.strip() for x in v.split(",")) if v else None  # noqa: E731
    return Filters(first_year=first, last_year=last, prefecture=split(args.prefecture), county=split(args.county),
                   key_group=split(args.key_group), section=split(args.section), division=split(args.division),
                   size_band=split(args.size_band))


def _add_output_options(p) -> None:
    """--format table|csv|json and --lang zh|en, as every listing command takes them."""
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")


def _add_filter_options(p) -> None:
    p.add_argument("--db")
    p.add_argument("--years", help="2021-2025 or 2024")
    p.add_argument("--prefecture", help="prefecture codes, comma-separated (530100,530300)")
    p.add_argument("--county", help="county codes, comma-separated")
    p.add_argument("--key-group", help="key-industry groups: " + "mining,construction,...")
    p.add_argument("--section", help="GB/T 4754 sections (B,E)")
    p.add_argument("--division", help="GB/T 4754 divisions (06,47)")
    p.add_argument("--size-band", help="1-9,10-49,50-299,300-999,1000+")


def _print_frame(frame, fmt: str, lang: str = "zh") -> None:
    """CSV and JSON keep the column names (machines read them); a table is headed in ``lang``."""
    from analytics.display import presentation

    if fmt == "csv":
        print(presentation.plain_dates(frame).to_csv(index=False), end="")
    elif fmt == "json":
        print(presentation.plain_dates(frame).to_json(orient="records", force_ascii=False, indent=1))
    else:
        print(presentation.text_table(presentation.plain_dates(frame), lang))


def _cmd_indicators(args) -> int:
    from analytics.data import warehouse
    from analytics.measures import indicators

    con = warehouse.connect(args.db, read_only=True)
    by = [b for b in args.by.split(",") if b] if args.by else []
    frame = indicators.indicators(con, by, _filters(args))
    if args.out:
        from analytics.display import presentation

        options = warehouse.filter_options(con)
        _workbook(args.out, {labels.t("indicators_sheet", args.lang): presentation.export_frame(frame, options, args.lang)},
                  {"population": presentation.population(_filters(args), options, args.lang), "year": args.years or ""},
                  args.lang)
        print(args.out)
        return 0
    _print_frame(frame, args.format, args.lang)
    return 0


def _workbook(out: str, sheets: dict, given: dict, lang: str) -> None:
    """An office-ready workbook from the CLI: a parameters sheet first (time and user added)."""
    import datetime as dt

    from analytics.data import spreadsheets

    given = {**given, "made_at": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "made_by": f"{_os_user()} (cli)"}
    spreadsheets.write_workbook(out, sheets, [(labels.t(f"param_{k}", lang), v) for k, v in given.items()],
                                (labels.t("param_sheet", lang), labels.t("param_item", lang), labels.t("param_value", lang)))


def _cmd_training(args) -> int:
    from analytics.data import warehouse
    from analytics.measures import training

    con = warehouse.connect(args.db, read_only=True)
    by = [b for b in args.by.split(",") if b] if args.by else []
    by = by if "year" in by else ["year", *by]
    frame = training.coverage(con, by, _filters(args), year=args.year)
    if args.format == "table":           # names beside codes, coverage in per cent
        from analytics.data import reference
        from analytics.measures import industries

        roles = reference.training_roles().set_index("code")["name_en" if args.lang == "en" else "name_zh"]
        names = {"key_group": industries.names("key_group", args.lang, warehouse.province_of(con)),
                 "role": roles.to_dict(), "prefecture": warehouse.filter_options(con)["prefectures"]}
        frame = frame.assign(coverage=frame.coverage.map(lambda c: f"{c:.1%}" if c == c else "—"),
                             **{k: frame[k].map(lambda v, m=m: m.get(v, v)) for k, m in names.items() if k in frame})
    _print_frame(frame, args.format, args.lang)
    return 0


def _cmd_prevention(args) -> int:
    """campaigns, bases and courses: the plans' prevention-work rules, checked for a year."""
    from analytics.data import warehouse
    from analytics.measures import prevention

    con = warehouse.connect(args.db, read_only=True)
    year = args.year or warehouse.filter_options(con)["years"][-1]
    chosen = getattr(args, "prefecture", None)
    prefectures = tuple(chosen.split(",")) if chosen else None
    if args.command == "campaigns":
        frame = prevention.campaign_coverage(con, year, prefectures=prefectures)
        frame = frame.drop(columns=["name_en" if args.lang == "zh" else "name_zh"])
    elif args.command == "bases":
        frame = prevention.base_coverage(con, year, prefectures=prefectures)
        frame = frame[frame.missing] if args.missing else frame
    else:
        frame = prevention.short_courses(con, year)
    _print_frame(frame, args.format, args.lang)
    return 0


def _cmd_letters(args) -> int:
    """整改建议书 for every enterprise with an overdue 重大隐患, each logged (to whom, 文号, copy to)."""
    from analytics.data import warehouse
    from analytics.measures import followup

    con = warehouse.connect(args.db)
    chosen = followup.overdue_major(con, warehouse.data_through(con))
    _write_letters(con, chosen, Path(args.out), "overdue_major", args.lang)
    return 0


def _write_letters(con, chosen, folder: Path, reason: str, lang: str, year: int | None = None) -> None:
    """One numbered letter per row of ``chosen`` into ``folder``, each recorded in the letters log."""
    import getpass

    from analytics.access import audit, roles
    from analytics.data import warehouse

    who = roles.Principal(f"{getpass.getuser()} (cli)", "admin")
    year = year or warehouse.data_through(con).year
    folder.mkdir(parents=True, exist_ok=True)
    for _, entry in chosen.iterrows():
        letter = audit.issue_letter(con, who, entry, year, reason, lang)
        (folder / f"{labels.t('letter_file', lang)}_{entry.uscc}.docx").write_bytes(letter)
    print(labels.t("letters_written", lang, n=len(chosen), folder=folder))


def _cmd_escalation(args) -> int:
    from analytics.data import warehouse
    from analytics.measures import followup

    con = warehouse.connect(args.db, read_only=True)
    _print_frame(followup.escalation(con, warehouse.data_through(con)), args.format, args.lang)
    return 0


def _cmd_projects(args) -> int:
    """Prevention projects of a year: budget, paid, stage, overdue milestones; or one project's trail."""
    from analytics.data import warehouse
    from analytics.display import presentation
    from analytics.measures import projects

    con = warehouse.connect(args.db, read_only=True)
    if args.project:
        frame = projects.trail(con, args.project)
        table = presentation.trail_table(frame, args.lang)
    else:
        prefectures = tuple(args.prefecture.split(",")) if args.prefecture else None
        frame = projects.status(con, args.year, warehouse.data_through(con), prefectures)
        frame = frame[["project_no", "name", "year", "region_code", "key_group", "implementer", "budget", "paid",
                       "paid_share", "stage", "overdue", "skipped", "served", "contract_date", "due_date"]]
        table = presentation.project_table(frame, warehouse.filter_options(con), args.lang)
    if args.out:
        _workbook(args.out, {labels.t("project_trail" if args.project else "project_section", args.lang): table},
                  {"year": args.year or "", "population": args.prefecture or ""}, args.lang)
        print(args.out)
    elif args.format == "table":
        print(table.to_string(index=False))
    elif args.format == "csv":
        _print_frame(frame.assign(**{c: frame[c].map("、".join) for c in ("overdue", "skipped") if c in frame}), "csv")
    else:
        _print_frame(frame, "json")
    return 0


def _cmd_experts(args) -> int:
    """Expert pool, draws for a project's panel (logged), and their replay."""
    import getpass

    import pandas as pd

    from analytics.data import warehouse
    from analytics.display import presentation
    from analytics.measures import experts

    con = warehouse.connect(args.db, read_only=args.action in {"draws", "verify"})
    try:
        if args.action == "draw":
            made = experts.draw(con, args.project, args.size, f"{getpass.getuser()} (cli)", seed=args.seed,
                                specialty=args.specialty, lang=args.lang)
            text = labels.t("draw_done", args.lang, id=made.id, pool=made.pool_size, result="、".join(made.result),
                            seed=made.seed)
            row = {**made.__dict__, "as_of": made.as_of.isoformat(), "result": list(made.result)}
        elif args.action == "verify":
            check = experts.verify(con, args.draw, lang=args.lang)
            text = presentation.draw_verdict(check, args.lang)
            row = {"draw": check.draw.id, "confirmed": check.confirmed, "same_pool": check.same_pool,
                   "pool_size": check.pool_size, "pool_hash": check.pool_hash, "result": list(check.result),
                   "logged_result": list(check.draw.result)}
        else:
            log = experts.draws(con)
            if args.format == "table":
                print(presentation.draw_table(log, args.lang).to_string(index=False))
            else:
                _print_frame(log, args.format, args.lang)
            return 0
    except experts.DrawRefused as refused:
        print(refused, file=sys.stderr)
        return 2
    if args.format == "json":
        import json

        print(json.dumps(row, ensure_ascii=False, indent=1))
    elif args.format == "csv":
        print(pd.DataFrame([{k: ",".join(v) if isinstance(v, list) else v for k, v in row.items()}]).to_csv(index=False), end="")
    else:
        print(text)
    return 0 if args.action != "verify" or check.confirmed else 1


def _cmd_cases(args) -> int:
    """Typical cases (典型案例) of a year, with their lessons."""
    from analytics.data import warehouse
    from analytics.display import presentation
    from analytics.measures import cases

    con = warehouse.connect(args.db, read_only=True)
    prefectures = tuple(args.prefecture.split(",")) if args.prefecture else None
    frame = cases.typical(con, args.year, args.n, prefectures=prefectures)
    if args.format == "table":
        print(presentation.cases_table(frame, warehouse.filter_options(con), args.lang).to_string(index=False))
    else:
        _print_frame(frame.drop(columns=["lesson"] if args.lang == "en" else ["lesson_en"]), args.format, args.lang)
    return 0


def _cmd_report(args) -> int:
    """The annual 通报 as a .docx, from the warehouse only; recorded in the access log."""
    import getpass

    from analytics.access import audit, roles
    from analytics.data import warehouse
    from analytics.display import report

    con = warehouse.connect(args.db)
    data = report.report_docx(report.facts(con, args.year, args.prefecture, args.lang), args.lang, names=args.names)
    Path(args.out).write_bytes(data)
    audit.record(con, roles.Principal(f"{getpass.getuser()} (cli)", "admin"), "report", str(args.year),
                 args.prefecture or "province")
    print(args.out)
    return 0


def _cmd_targets(args) -> int:
    import json

    from analytics.data import warehouse
    from analytics.measures import targets

    con = warehouse.connect(args.db, read_only=True)
    if args.by:
        prefecture = args.prefecture.split(",")[0] if args.by == "county" and args.prefecture else None
        frame = targets.responsibility(con, args.plan, prefecture)
        if args.format == "json":
            _print_frame(frame, "json")
        else:
            from analytics.display import presentation

            for name, table in presentation.responsibility_tables(frame, args.lang).items():
                print(f"\n{name}\n{table.to_string(index=False)}")
        return 0
    results = targets.evaluate(con, args.plan, _filters(args))
    if args.format == "json":
        print(json.dumps(results, ensure_ascii=False, indent=1))
    else:
        _print_frame(targets.summary_table(results, args.lang).round(3), "table", args.lang)
    return 0


def _cmd_premiums(args) -> int:
    import json

    from analytics import premiums
    from analytics.data import warehouse
    from analytics.display import presentation

    con = warehouse.connect(args.db, read_only=True)
    rules = premiums.load_rules(args.rules)
    bar, steps = progress.terminal("premiums"), 4 if args.out else 3
    progress.report(bar, "expected injuries (model)", 0, steps)
    # First, and its features freed before the basis is read: a million employers' features and
    # recommendations are never held at once.
    expected = premiums.model_expected(con, args.year, release=True)
    warehouse.trim_heap()
    progress.report(bar, "basis: insurance and payouts", 1, steps)
    basis = premiums.load_basis(con, args.year, release=True)
    progress.report(bar, "recommend", 2, steps)
    # The reasons in words go only to a workbook or JSON; the tables printed here do not show them.
    rec = premiums.recommend(basis, rules, args.year, reasons=bool(args.out) or args.format == "json", lang=args.lang)
    del basis
    payouts = premiums.model_payouts(con, rec, args.year, expected)
    if args.out:
        progress.report(bar, f"write {args.out}", 3, steps)
        premiums.export_xlsx(rec, args.out, args.lang, {"year": args.year, "rules": args.rules or "data/rules/default.toml",
                                                         "made_by": f"{_os_user()} (cli)"})
    progress.report(bar, "done", steps, steps)
    if args.format == "json":
        records = premiums.recommendation_table(rec, "en").to_dict(orient="records")
        print(json.dumps({"rules": rules.name_en, "year": args.year, "employers": len(rec),
                          "distribution": premiums.tier_distribution(rec).to_dict(orient="index"),
                          "fund_impact": premiums.fund_impact(rec, expected_payouts=payouts).to_dict(orient="index"),
                          "payouts_from": "model" if payouts is not None else "history",
                          "recommendations": records}, ensure_ascii=False, default=str))
        return 0
    print(f"{rules.name_zh if args.lang == 'zh' else rules.name_en} · {args.year} · {len(rec):,}")
    print(presentation.tier_table(premiums.tier_distribution(rec), args.lang).to_string())
    print(labels.t("payouts_from_model" if payouts is not None else "payouts_from_history", args.lang))
    print(presentation.fund_table(premiums.fund_impact(rec, expected_payouts=payouts), args.lang).to_string())
    if args.out:
        print(args.out)
    return 0


def _cmd_backtest(args) -> int:
    import json

    from analytics.data import warehouse
    from analytics.targeting import backtest, panel

    if args.panel:
        frame, columns = panel.frame(panel.read(args.panel))
        results = backtest.run(frame=frame, columns=columns, seed=args.seed, progress=progress.terminal("backtest"))
    else:
        results = backtest.run(warehouse.connect(args.db, read_only=True), seed=args.seed,
                               progress=progress.terminal("backtest"))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, default=float, indent=1))
        return 0
    if not results["rankers"]:
        print("no test year: the data need at least three years with a following year observed", file=sys.stderr)
        return 2
    for metric in ("injuries_top1", "injuries_top5", "injuries_top10", "deaths_top10", "serious_top10",
                   "auc_serious", "poisson_deviance"):
        table = backtest.summary(results, metric)
        if table.notna().any().any():
            print(f"\n{metric}")
            print(table.astype(float).round(3).to_string())
    for note in results["notes"]:
        print(f"\nnote: {note}")
    return 0


def _cmd_train(args) -> int:
    from analytics.data import warehouse
    from analytics.targeting import backtest, registry

    con = warehouse.connect(args.db, read_only=True)
    results = None if args.skip_backtest else backtest.run(con, seed=args.seed, progress=progress.terminal("backtest"))
    ids = backtest.train_and_register(con, results, seed=args.seed, progress=progress.terminal("train"), release=True)
    print("\n".join(ids))
    print(f"default: {registry.default_id()}")
    return 0


def _cmd_industries(args) -> int:
    from analytics.data import warehouse
    from analytics.measures import industries

    con = warehouse.connect(args.db, read_only=True)
    ranked = industries.rank(con, args.year, by=args.by)
    names = industries.names(args.by, args.lang, warehouse.province_of(con))
    proposed = industries.propose(ranked, names, args.top, args.lang)
    if args.format == "json":
        print(proposed.to_json(orient="records", force_ascii=False, indent=1))
    else:
        columns = [args.by, "name", "injuries", "raw_rate", "smoothed_rate", "expected_next", "trend"]
        _print_frame(ranked.assign(name=ranked[args.by].map(names))[columns].round(3), "table", args.lang)
        print()
        _print_frame(proposed[[args.by, "name", "reason"]], "table", args.lang)
    return 0


def _cmd_keylist(args) -> int:
    from analytics.data import warehouse
    from analytics.targeting import keylist

    if args.list:
        return _keylist_list(args)

    con = warehouse.connect(args.db, read_only=not args.letters)      # letters are logged
    bar = progress.terminal("keylist")
    progress.report(bar, "features and scores", 0, 2)
    entries = keylist.build(con, args.year, top=None if args.share else args.top, share=args.share,
                            audit=args.audit, seed=args.seed, ytd=args.ytd, release=True)
    progress.report(bar, "done", 2, 2)
    if args.ytd:
        print(labels.t("ytd_scoring", args.lang, year=args.year - 1))
    if args.out:
        keylist.export_xlsx(entries, args.out, args.lang, {"year": args.year, "made_by": f"{_os_user()} (cli)"})
    if args.letters:
        chosen = entries[entries.uscc.isin(args.select.split(","))] if args.select else entries[entries.kind == "ranked"]
        _write_letters(con, chosen, Path(args.letters), "keylist", args.lang, args.year)
    counts = entries.kind.map(lambda k: labels.t(f"kind_{k}", args.lang)).value_counts()
    from analytics.display import presentation

    print(f"{args.year} · {labels.t('model', args.lang)} {presentation.model_label(entries.attrs, args.lang)} · "
          + ", ".join(f"{k} {v}" for k, v in counts.items()))
    shown = entries.assign(kind=entries.kind.map(lambda k: labels.t(f"kind_{k}", args.lang)),
                           reasons=entries.reasons_en if args.lang == "en" else entries.reasons)
    columns = ["kind", "rank", "name", "expected", "low", "high", "p_serious", "reasons"]
    _print_frame(shown[columns].head(20).round(2), "table", args.lang)
    return 0


def _keylist_list(args) -> int:
    """One of the lists beside the ranked one; an audit sample is recorded when it is drawn."""
    import getpass

    from analytics.data import warehouse
    from analytics.targeting import lists

    con = warehouse.connect(args.db, read_only=args.list != "audit")
    entries = lists.build(con, args.year, args.list, top=args.top, audit=args.audit, seed=args.seed, ytd=args.ytd)
    if args.list == "audit":
        lists.record_audit(con, args.year, entries.uscc.tolist(), args.seed, f"{getpass.getuser()} (cli)")
    if args.format != "table":
        _print_frame(entries.drop(columns=["reasons"] if args.lang == "en" else ["reasons_en"]), args.format, args.lang)
        return 0
    print(f"{args.year} · {labels.t(f'list_{args.list}', args.lang)} · {len(entries)}")
    shown = entries.assign(reasons=entries.reasons_en if args.lang == "en" else entries.reasons)
    print(shown[["uscc", "name", "insured", "score", "reasons"]].round(3).to_string(index=False))
    return 0


def _os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _password(prompt: str) -> str:
    """A password from the terminal (not echoed) or one line of standard input; never an argument."""
    import getpass

    return getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")


def _log_account_change(args, action_detail: str, name: str) -> None:
    """Record an account change in the warehouse's access log (skipped, and said, when it is busy)."""
    import getpass

    from analytics.access import audit, roles
    from analytics.data import warehouse

    try:
        con = warehouse.connect(args.db)
    except warehouse.WarehouseBusy:
        print("note: the warehouse is open in another process; this change is not in its access log", file=sys.stderr)
        return
    audit.record(con, roles.Principal(f"{getpass.getuser()} (cli)", "admin"), "users", name, action_detail)
    con.close()


def _cmd_users(args) -> int:
    from analytics.access import accounts

    if args.action == "list":
        rows = accounts.listing()
        columns = ["name", "role", "department", "prefecture", "county", "disabled", "created", "last_login"]
        import pandas as pd

        _print_frame(pd.DataFrame(rows, columns=columns), args.format, args.lang)
        return 0
    if args.action == "demo":
        return _demo_accounts(args)
    if not args.name:
        print("users add|disable|passwd need an account name", file=sys.stderr)
        return 2
    if args.action == "add":
        if not args.role:
            print("users add needs --role (admin, officer, analyst, viewer)", file=sys.stderr)
            return 2
        accounts.add(args.name, _password("password: "), args.role, args.department, args.prefecture, args.county)
        _log_account_change(args, f"add {args.role}", args.name)
    elif args.action == "disable":
        accounts.disable(args.name)
        _log_account_change(args, "disable", args.name)
    elif args.action == "passwd":
        accounts.set_password(args.name, _password("new password: "))
        _log_account_change(args, "passwd", args.name)
    print(f"{args.action}: {args.name}")
    return 0


def _demo_accounts(args) -> int:
    """On the demo warehouse only: one account per role, passwords printed once and kept in a git-ignored file."""
    from analytics import paths
    from analytics.access import accounts
    from analytics.data import warehouse

    con = warehouse.connect(args.db, read_only=True)
    is_demo = warehouse.has_demo_truth(con)
    capital = min(warehouse.filter_options(con)["prefectures"]) if is_demo else None
    con.close()
    if not is_demo:
        print("not a demo warehouse: no default accounts; add them with `users add`", file=sys.stderr)
        return 2
    out = paths.users_path().with_name("demo_accounts.txt")
    made = accounts.demo_accounts(capital, out=out)
    if not made:
        print(f"accounts exist already ({paths.users_path()}); the demo passwords are in {out}")
        return 0
    print("demo accounts (one-time passwords; also in " + str(out) + "):")
    for name, role, password in made:
        print(f"  {name:<12} {role:<8} {password}")
    return 0


def _cmd_upgrade(args) -> int:
    from analytics.data import warehouse

    con = warehouse.connect(args.db)          # a writable connection migrates and rebuilds what is missing
    print(labels.t("warehouse_upgraded", args.lang, db=args.db or paths.default_db_path(),
                   schema=warehouse.schema_version(con), marts=", ".join(warehouse.MARTS)))
    con.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analytics", description="工伤预防大数据分析平台 command line")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo", help="build the deterministic demo province")
    p.add_argument("--db", help="warehouse file (default data/warehouse.duckdb or $ANALYTICS_DB)")
    p.add_argument("--seed", type=int, default=20250101)
    p.add_argument("--enterprises", type=int, default=50_000)
    p.add_argument("--province", choices=["yunnan", "jilin"], default="yunnan")
    p.add_argument("--force", action="store_true", help="replace an existing warehouse file")
    p.set_defaults(run=_cmd_demo)

    p = sub.add_parser("import", help="validate and import one feed file (.xlsx, .csv, .parquet)")
    p.add_argument("feed", choices=list(FEEDS))
    p.add_argument("file")
    p.add_argument("--db")
    p.add_argument("--user", help="who imports (default: the login name)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--claim-timeout", type=float, default=15.0, metavar="SECONDS",
                   help="when another process holds the warehouse: how long to wait for it to take the queued file")
    p.set_defaults(run=_cmd_import)

    p = sub.add_parser("upgrade", help="bring a warehouse written by an older version up to date (schema, derived tables)")
    p.add_argument("--db", help="warehouse file (default data/warehouse.duckdb or $ANALYTICS_DB)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(run=_cmd_upgrade)

    p = sub.add_parser("export-parquet", help="write the shared tables as Parquet partitioned by province and year")
    p.add_argument("folder", help="the roll-up folder; this province's earlier export in it is replaced")
    p.add_argument("--db")
    p.set_defaults(run=_cmd_export_parquet)

    p = sub.add_parser("template", help="write an import template with Chinese headers and a sample row")
    p.add_argument("feed", choices=list(FEEDS))
    p.add_argument("--out")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the guide sheet")
    p.set_defaults(run=_cmd_template)

    p = sub.add_parser("indicators", help="counts, rates with 95 %% intervals and YoY change, grouped")
    p.add_argument("--by", default="year", help="comma-separated: year,prefecture,county,key_group,section,division,size_band")
    p.add_argument("--out", help="write an office-ready .xlsx instead of printing")
    _add_output_options(p)
    _add_filter_options(p)
    p.set_defaults(run=_cmd_indicators)

    p = sub.add_parser("training", help="training coverage of key positions: persons trained against headcount")
    p.add_argument("--year", type=int, help="one year (default: every year)")
    p.add_argument("--by", default="", help="comma-separated: prefecture,county,key_group,role,enterprise")
    _add_output_options(p)
    _add_filter_options(p)
    p.set_defaults(run=_cmd_training)

    for name, text in (("campaigns", "key industries and their publicity campaigns in a year (none: a gap)"),
                       ("bases", "warning-education bases filed by the end of a year, per prefecture and county"),
                       ("courses", "technical-school courses of a year under the minimum class hours")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--year", type=int, help="default: the latest year with data")
        if name == "bases":
            p.add_argument("--missing", action="store_true", help="only the prefectures and counties without a base")
        if name != "courses":
            p.add_argument("--prefecture", help="prefecture codes, comma-separated")
        _add_output_options(p)
        p.add_argument("--db")
        p.set_defaults(run=_cmd_prevention)

    p = sub.add_parser("letters", help="整改建议书 for every enterprise with an overdue major hazard, logged")
    p.add_argument("--out", required=True, help="folder for the .docx letters")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--db")
    p.set_defaults(run=_cmd_letters)

    p = sub.add_parser("escalation", help="hazards still open past their deadline after a letter, by finding department")
    _add_output_options(p)
    p.add_argument("--db")
    p.set_defaults(run=_cmd_escalation)

    p = sub.add_parser("projects", help="prevention projects of a year: budget, paid, stage, overdue milestones")
    p.add_argument("--year", type=int, help="the projects' year (default: every year)")
    p.add_argument("--prefecture", help="prefecture codes, comma-separated")
    p.add_argument("--project", help="one project's full trail instead")
    p.add_argument("--out", help="write an office-ready .xlsx instead of printing")
    _add_output_options(p)
    p.add_argument("--db")
    p.set_defaults(run=_cmd_projects)

    p = sub.add_parser("experts", help="draw a review panel of experts for a project (logged), replay a draw, list draws")
    actions = p.add_subparsers(dest="action", required=True)
    q = actions.add_parser("draw", help="draw an odd number (≥ 3) of eligible experts and log the draw")
    q.add_argument("--project", required=True)
    q.add_argument("--size", type=int, required=True)
    q.add_argument("--seed", type=int, help="default: a fresh random seed, logged")
    q.add_argument("--specialty", help="only experts of this specialty")
    q = actions.add_parser("verify", help="replay a logged draw and confirm its result")
    q.add_argument("draw", type=int)
    q = actions.add_parser("draws", help="the draw log, newest first")
    for q in actions.choices.values():
        _add_output_options(q)
        q.add_argument("--db")
    p.set_defaults(run=_cmd_experts)

    p = sub.add_parser("cases", help="typical cases (典型案例) of a year: the most serious and instructive accidents")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("-n", type=int, default=6, help="how many cases")
    p.add_argument("--prefecture", help="prefecture codes, comma-separated")
    _add_output_options(p)
    p.add_argument("--db")
    p.set_defaults(run=_cmd_cases)

    p = sub.add_parser("report", help="the annual 通报 (.docx, A4, 公文 layout) of a year, from the warehouse")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--out", required=True, help="the .docx to write")
    p.add_argument("--prefecture", help="one prefecture's report (its code) instead of the province's")
    p.add_argument("--names", action="store_true", help="name the employers in the cases and add the key-list annex")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--db")
    p.set_defaults(run=_cmd_report)

    p = sub.add_parser("targets", help="plan targets: actual, path, projection and verdict")
    p.add_argument("--plan", default="2021-2025")
    p.add_argument("--by", choices=["prefecture", "county"],
                   help="目标责任考核: every prefecture side by side, or the counties of --prefecture")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    _add_filter_options(p)
    p.set_defaults(run=_cmd_targets)

    p = sub.add_parser("premiums", help="floating premium-rate recommendations for a rate year")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--rules", help="rules file (default data/rules/default.toml)")
    p.add_argument("--out", help="write recommendations, distributions and fund impact to this .xlsx")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--db")
    p.set_defaults(run=_cmd_premiums)

    p = sub.add_parser("industries", help="industry ranking (empirical-Bayes rates, burden, trend) and proposed key industries")
    p.add_argument("--year", type=int, required=True, help="the coming year the proposal is for")
    p.add_argument("--by", choices=["division", "key_group"], default="division",
                   help="rank GB/T 4754 divisions or the plan's key-industry groups")
    p.add_argument("--top", type=int, default=5)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--db")
    p.set_defaults(run=_cmd_industries)

    p = sub.add_parser("keylist", help="key-enterprise list for a coming year (ranked, mandatory, audit)")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--top", type=int, default=100)
    p.add_argument("--share", type=float, help="instead of --top: the smallest set holding this share of expected injuries")
    p.add_argument("--audit", type=int, default=20)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", help="write the list to this .xlsx")
    p.add_argument("--letters", help="write 整改建议书 (.docx) into this folder")
    p.add_argument("--select", help="USCCs (comma-separated) to write letters for; default: the ranked entries")
    p.add_argument("--ytd", action="store_true",
                   help="score on the current year to date when the year before --year is not complete (reads low)")
    p.add_argument("--list", choices=["rising", "underreporting", "audit", "excess"],
                   help="instead of the key list: one of the lists beside it (an audit sample is recorded)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table", help="with --list")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--db")
    p.set_defaults(run=_cmd_keylist)

    p = sub.add_parser("backtest", help="rolling-origin backtest of the risk models against today's baselines")
    p.add_argument("--db")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true", help="every model, baseline and metric per test year as JSON")
    p.add_argument("--panel", metavar="FILE", help="an enterprise-year panel (.parquet or .csv) instead of the "
                   "warehouse: entity_id, year, exposure, injuries [, industry, region, deaths, serious, hours, ...]")
    p.set_defaults(run=_cmd_backtest)

    p = sub.add_parser("users", help="accounts: add, list, disable, passwd (password from standard input), demo")
    p.add_argument("action", choices=["add", "list", "disable", "passwd", "demo"])
    p.add_argument("name", nargs="?")
    p.add_argument("--role", choices=["admin", "officer", "analyst", "viewer"])
    p.add_argument("--department", help="an officer's department, as in data/config/access.toml (应急管理, 人社 ...)")
    p.add_argument("--prefecture", help="scope an analyst to a prefecture code (530100)")
    p.add_argument("--county", help="scope an analyst to a county code (530102)")
    _add_output_options(p)
    p.add_argument("--db", help="the warehouse whose access log records the change")
    p.set_defaults(run=_cmd_users)

    p = sub.add_parser("train", help="backtest, fit the models on all known years and register them")
    p.add_argument("--db")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--skip-backtest", action="store_true")
    p.set_defaults(run=_cmd_train)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (FileExistsError, ValueError, LookupError) as exc:
        print(exc, file=sys.stderr)
        return 2
    except Exception as exc:  # the CLI reports, it does not dump a traceback on a user
        from analytics.data.warehouse import WarehouseBusy, WarehouseOutdated

        if isinstance(exc, WarehouseBusy):
            print(exc, file=sys.stderr)
            return 1
        if isinstance(exc, WarehouseOutdated):
            print(exc.message(getattr(args, "lang", "zh")), file=sys.stderr)
            return 1
        raise
