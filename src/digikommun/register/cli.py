"""`digikommun services simulate PATH [--since DATE] [--report FILE]`."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.utils import translation
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .simulation import simulate
from .simulation_report import report_html


def simulate_command(draft, *, since: str | None, report: str | None) -> int:
    console = Console(highlight=False, soft_wrap=True)
    try:
        start = datetime.date.fromisoformat(since) if since else None
    except ValueError:
        console.print(f"--since {since!r} is not a date like 2026-01-01", markup=False)
        return 2
    with Progress(
        TextColumn("simulating {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task(draft.id, total=None)

        def step(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        sim = simulate(draft=draft, since=start, progress=step)
    target = Path(report or f"simulation-{draft.id}.html")
    with translation.override("en"):
        target.write_text(report_html(sim), encoding="utf-8")
    for (before, after), n in sim.outcomes.most_common():
        console.print(f"outcome {before} → {after}: {n}", markup=False)
    if sim.amounts:
        console.print(
            f"amount up: {sim.amounts['up']}, down: {sim.amounts['down']}, "
            f"total change {sim.amount_total_change}",
            markup=False,
        )
    for rule, n in sim.rules.most_common():
        console.print(f"rule {rule}: {n}", markup=False)
    for example in sim.examples:
        console.print(
            f"example {example['case']} ({example['as_of']}): {example['before']} → "
            f"{example['after']} by {example['rule']}",
            markup=False,
        )
    if sim.errors:
        console.print(f"{sim.errors} case(s) could not be evaluated", markup=False)
    console.print(f"report: {target}", markup=False)
    console.print(sim.summary, markup=False)
    return 0
