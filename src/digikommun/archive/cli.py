"""`digikommun archive …`: delivery to the e-archive and thinning (gallring).

digikommun archive deliver [--dry-run] [--out DIR]   package and deliver the cases due, then
                                                     remove them from the live database
digikommun archive thin [--dry-run]                  destroy the cases their rule says to thin
"""

from __future__ import annotations

import argparse
from pathlib import Path

from django.conf import settings
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="digikommun archive", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="action", required=True)
    deliver = sub.add_parser("deliver", help="deliver the cases due to the e-archive")
    deliver.add_argument("--dry-run", action="store_true", help="list what would be delivered")
    deliver.add_argument("--out", help="where packages are written (default: ARCHIVE_OUT_DIR)")
    thin = sub.add_parser("thin", help="thin (destroy) the cases due")
    thin.add_argument("--dry-run", action="store_true", help="count what would be thinned")
    return parser


def _progress(console: Console, label: str) -> Progress:
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def _held(console: Console, held: list, verb: str) -> None:
    """Say which services' cases were held back because their rule is past its `until`."""
    by_service: dict[str, list] = {}
    for item in held:
        by_service.setdefault(item.service_id, []).append(item)
    for service_id, items in sorted(by_service.items()):
        console.print(
            f"held back: {len(items)} cases of {service_id} would be {verb}, but the rule is "
            f"past the last day its legal basis is known to hold ({items[0].rule}); check the "
            "rule against the law in force and move retention.until in the service definition",
            markup=False,
            soft_wrap=True,
        )


def cmd_deliver(args: argparse.Namespace, console: Console) -> int:
    from .services import PackageBroken, archive_deliver

    out = Path(args.out or settings.ARCHIVE_OUT_DIR)
    with _progress(console, "delivering") as progress:
        task = progress.add_task("deliver", total=None)
        try:
            summary = archive_deliver(
                out=out,
                dry_run=args.dry_run,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
        except PackageBroken as exc:
            console.print(f"stopped: the package read back is not whole: {exc}", markup=False)
            return 1
    if args.dry_run:
        for item in summary.planned:
            console.print(f"{item.diary_number}  {item.service_id}  {item.rule}", markup=False)
        console.print(
            f"would deliver {len(summary.planned)} packages (dry run)", markup=False, soft_wrap=True
        )
        _held(console, summary.held, "delivered")
        return 0
    mb = summary.bytes / 1_000_000
    console.print(
        f"delivered {summary.packages} packages ({mb:.1f} MB) to {out}, "
        f"removed {summary.removed} cases",
        markup=False,
        soft_wrap=True,
    )
    _held(console, summary.held, "delivered")
    return 0


def cmd_thin(args: argparse.Namespace, console: Console) -> int:
    from .services import archive_thin

    with _progress(console, "thinning") as progress:
        task = progress.add_task("thin", total=None)
        summary = archive_thin(
            dry_run=args.dry_run,
            progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    if args.dry_run:
        console.print(
            f"would thin {len(summary.planned)} cases, spare {summary.spared} for research "
            "(dry run)",
            markup=False,
            soft_wrap=True,
        )
        _held(console, summary.held, "thinned")
        return 0
    console.print(
        f"thinned {summary.thinned} cases, spared {summary.spared} for research",
        markup=False,
        soft_wrap=True,
    )
    _held(console, summary.held, "thinned")
    return 0


def main(argv: list[str] | None = None, console: Console | None = None) -> int:
    args = _parser().parse_args(argv)
    console = console or Console(highlight=False, soft_wrap=True)
    return {"deliver": cmd_deliver, "thin": cmd_thin}[args.action](args, console)
