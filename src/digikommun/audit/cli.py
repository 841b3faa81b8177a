"""`digikommun audit …`: the audit log's tools.

digikommun audit verify [--batch N]   walk the keyed hash chain and check it against the
                                      signed checkpoints; exit 1 if anything is wrong
digikommun audit checkpoint           append the head to the signed checkpoint file
digikommun audit export FILE          write the log as JSON Lines with a signed last line
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
    sub.add_parser("checkpoint", help="anchor the log's head in the checkpoint file")
    export = sub.add_parser("export", help="write the log for the archive (JSON Lines)")
    export.add_argument("file", help="the file to write")
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


def cmd_checkpoint(args: argparse.Namespace) -> int:
    from .checkpoints import checkpoint_write

    checkpoint = checkpoint_write()
    if checkpoint is None:
        print("audit log: empty, no checkpoint written")
    else:
        print(f"audit log: checkpoint written at entry {checkpoint.seq} ({checkpoint.at})")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .checkpoints import checkpoint_write
    from .export import audit_export

    checkpoint_write()
    count = audit_export(path=Path(args.file))
    print(f"audit log: {count} entries written to {args.file}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    commands = {"verify": cmd_verify, "checkpoint": cmd_checkpoint, "export": cmd_export}
    return commands[args.action](args)
