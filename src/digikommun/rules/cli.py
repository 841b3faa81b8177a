"""``digikommun rules ...``: command-line tools for decision models.

tck PATH                       run the DMN TCK test cases under PATH
check [--strict] FILE...       load models; report errors (file:line:col: message) and
                               warnings (names no input declares, literals outside
                               their allowed values); --strict fails on warnings
eval FILE --as-of DATE K=V...  evaluate a model for one case and print the result
export FILE OUT.dmn [--as-of DATE | --all-dates]
                               write a model as DMN 1.3 XML, parameters as valid on
                               DATE or all dated values (input 'evaluation date')
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence

from .dmn_checks import model_warnings
from .errors import RulesError
from .explain import explain
from .jsonable import to_jsonable
from .yaml_loader import load_model


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="digikommun rules", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    t = sub.add_parser("tck", help="run DMN TCK test cases")
    t.add_argument("path")
    c = sub.add_parser("check", help="load models and report errors and warnings")
    c.add_argument("files", nargs="+")
    c.add_argument("--strict", action="store_true", help="fail on warnings too")
    e = sub.add_parser("eval", help="evaluate a model for one case")
    e.add_argument("file")
    e.add_argument("--as-of", default=dt.date.today().isoformat())
    e.add_argument("--lang", default="sv", choices=("sv", "en"))
    e.add_argument("facts", nargs="*", help="name=value (JSON values, else text)")
    x = sub.add_parser("export", help="write DMN 1.3 XML")
    x.add_argument("file")
    x.add_argument("out")
    when = x.add_mutually_exclusive_group()
    when.add_argument("--as-of", help="parameters as valid on this date (default today)")
    when.add_argument(
        "--all-dates",
        action="store_true",
        help="every dated parameter value, chosen by the input 'evaluation date'",
    )
    return p


def _value(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return text


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    # Facts (name=value) may come before or after --as-of; argparse alone cannot mix them.
    args, rest = parser.parse_known_args(list(argv) if argv is not None else None)
    if rest:
        if args.command != "eval" or any("=" not in r for r in rest):
            parser.error(f"unrecognized arguments: {' '.join(rest)}")
        args.facts = list(args.facts) + rest
    if args.command == "tck":
        from .tck import run_tck

        _, failed = run_tck(args.path)
        return 1 if failed else 0
    if args.command == "check":
        status = 0
        for f in args.files:
            try:
                model = load_model(f)
            except RulesError as err:
                print(err, file=sys.stderr)
                status = 1
                continue
            warnings = model_warnings(model)
            for w in warnings:
                print(f"{f}: warning: {w}")
            print(f"{f}: ok" + (f" ({len(warnings)} warnings)" if warnings else ""))
            if warnings and args.strict:
                status = 1
        return status
    if args.command == "eval":
        model = load_model(args.file)
        facts = dict(kv.split("=", 1) for kv in args.facts)
        try:
            result = model.evaluate(
                {k: _value(v) for k, v in facts.items()}, as_of=dt.date.fromisoformat(args.as_of)
            )
        except RulesError as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
        print(json.dumps(to_jsonable(result.outputs), ensure_ascii=False))
        for line in explain(result, args.lang):
            print("  " + line)
        return 0
    if args.command == "export":
        from .dmn_export import export_dmn

        try:
            as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
        except ValueError:
            parser.error(f"--as-of must be a date like 2026-01-31, got {args.as_of!r}")
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(export_dmn(load_model(args.file), as_of, all_dates=args.all_dates))
        return 0
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
