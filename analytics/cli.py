"""Command line: ``python -m analytics COMMAND``; everything that is not viewing.

Exit status: 0 done, 2 input rejected (a file failed validation, bad arguments), 1 other error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analytics import paths
from analytics.feeds import FEEDS


def _cmd_demo(args) -> int:
    from analytics import demo

    path = Path(args.db or paths.default_db_path())
    summary = demo.build(path, seed=args.seed, n_enterprises=args.enterprises, province=args.province,
                         force=args.force, progress=lambda m: print(m, file=sys.stderr))
    print(f"demo warehouse {path}: {summary.enterprises} enterprises, "
          f"{sum(summary.rows.values())} rows in {summary.seconds:.1f} s")
    return 0


def _cmd_import(args) -> int:
    from analytics import importer, warehouse

    con = warehouse.connect(args.db)
    result = importer.import_file(con, args.feed, args.file, user=args.user)
    lang = args.lang
    print(result.summary(lang))
    if result.ignored_columns:
        print(("已忽略的列: " if lang == "zh" else "ignored columns: ") + ", ".join(result.ignored_columns))
    if not result.accepted:
        report = result.validation.report(lang)
        print(report.to_string(index=False) if not report.empty else "")
        return 2
    return 0


def _cmd_template(args) -> int:
    from analytics import templates

    out = Path(args.out or f"{args.feed}_template.xlsx")
    out.write_bytes(templates.template_xlsx(args.feed))
    print(out)
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
    p.set_defaults(run=_cmd_import)

    p = sub.add_parser("template", help="write an import template with Chinese headers and a sample row")
    p.add_argument("feed", choices=list(FEEDS))
    p.add_argument("--out")
    p.set_defaults(run=_cmd_template)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except FileExistsError as exc:
        print(exc, file=sys.stderr)
        return 2
    except Exception as exc:  # the CLI reports, it does not dump a traceback on a user
        from analytics.warehouse import WarehouseBusy

        if isinstance(exc, WarehouseBusy):
            print(exc, file=sys.stderr)
            return 1
        raise
