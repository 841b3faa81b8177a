"""`digikommun audit …`: the audit log's tools.

digikommun audit verify [--batch N]   walk the hash chain; exit 1 if it is broken
"""

from __future__ import annotations

import argparse
import sys

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

# Below this many entries a check takes well under a second: no progress bar.
PROGRESS_FROM = 50_000


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="digikommun audit", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="action", required=True)
    verify = sub.add_parser("verify", help="check that the log's hash chain is intact")
    verify.add_argument("--batch", type=int, default=5000, help="entries read per query")
    return parser


def cmd_verify(args: argparse.Namespace) -> int:
    from .selectors import entries_count
    from .services import audit_verify

    total = entries_count()
    err = Console(stderr=True, highlight=False)
    if total >= PROGRESS_FROM and err.is_terminal:
        with Progress(
            TextColumn("checking the audit log"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("verify", total=total)
            result = audit_verify(
                batch_size=args.batch, progress=lambda n: bar.update(task, completed=n)
            )
    else:
        result = audit_verify(batch_size=args.batch)
    print(result.message)
    return 0 if result.ok else 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.action == "verify":
        return cmd_verify(args)
    return 2
