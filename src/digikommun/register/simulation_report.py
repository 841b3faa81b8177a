"""The simulation as a self-contained HTML file with SVG bar charts drawn here (no script),
each chart with the same numbers as a table beside it."""

from __future__ import annotations

from html import escape

from .simulation import Simulation

_BAR_H, _GAP, _LABEL_W, _BAR_W = 22, 8, 220, 360


def bar_chart(title: str, rows: list[tuple[str, int]], *, key: str) -> str:
    """A horizontal bar chart as an <svg> with a title, or a sentence when empty."""
    if not rows:
        return f"<p>{escape(title)}: none.</p>"
    top = max(n for _, n in rows) or 1
    height = len(rows) * (_BAR_H + _GAP) + _GAP
    parts = [
        f'<svg role="img" aria-labelledby="t-{key}" width="{_LABEL_W + _BAR_W + 60}"'
        f' height="{height}" viewBox="0 0 {_LABEL_W + _BAR_W + 60} {height}">',
        f'<title id="t-{key}">{escape(title)}</title>',
    ]
    for i, (label, n) in enumerate(rows):
        y = _GAP + i * (_BAR_H + _GAP)
        width = max(1, round(_BAR_W * n / top))
        parts.append(
            f'<text x="{_LABEL_W - 6}" y="{y + 16}" text-anchor="end" font-size="13">'
            f"{escape(label)}</text>"
            f'<rect x="{_LABEL_W}" y="{y}" width="{width}" height="{_BAR_H}" fill="#1f5f8b"/>'
            f'<text x="{_LABEL_W + width + 6}" y="{y + 16}" font-size="13">{n}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def table(caption: str, head: tuple[str, ...], rows: list[tuple]) -> str:
    cells = "".join(
        "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    heads = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{heads}</tr></thead>"
        f"<tbody>{cells}</tbody></table>"
    )


def _buckets(sim: Simulation) -> list[tuple[str, int]]:
    edges = [-1000, -100, 0, 100, 1000]
    labels = ["< −1000", "−1000 to −100", "−100 to 0", "0 to 100", "100 to 1000", "> 1000"]
    counts = [0] * len(labels)
    for diff in sim.amount_changes:
        index = sum(1 for e in edges if diff > e)
        counts[index] += 1
    return [(label, n) for label, n in zip(labels, counts, strict=True) if n]


def report_html(sim: Simulation) -> str:
    outcome_rows = [(f"{a} → {b}", n) for (a, b), n in sim.outcomes.most_common()]
    rule_rows = list(sim.rules.most_common())
    amount_rows = _buckets(sim)
    since = sim.since.isoformat() if sim.since else "the first case"
    sections = [
        f"<h1>Impact of the draft rules: {escape(sim.service_id)}</h1>",
        f"<p><strong>{escape(sim.summary)}</strong>. Cases since {escape(since)}; "
        f"{sim.errors} could not be evaluated. The outputs of each case's own published "
        "version are compared with the draft's, on the stored facts and the day the case is "
        "decided as of.</p>",
        "<h2>Outcomes that change</h2>",
        bar_chart("Changed outcomes, before → after", outcome_rows, key="outcomes"),
        table("Changed outcomes", ("Before → after", "Cases"), outcome_rows),
        "<h2>Amounts that change</h2>",
        f"<p>Up: {sim.amounts['up']}, down: {sim.amounts['down']}, "
        f"total change {sim.amount_total_change} per period.</p>",
        bar_chart("Change in amount (SEK), cases per band", amount_rows, key="amounts"),
        table("Change in amount", ("Change (SEK)", "Cases"), amount_rows),
        "<h2>The draft's rule that decided the changed cases</h2>",
        bar_chart("Changed cases by rule", rule_rows, key="rules"),
        table("Changed cases by rule", ("Rule", "Cases"), rule_rows),
        "<h2>Examples (pseudonymised)</h2>",
        table(
            "Examples of changed cases",
            ("Case (pseudonym)", "Decided as of", "Before", "After", "Rule"),
            [(e["case"], e["as_of"], e["before"], e["after"], e["rule"]) for e in sim.examples],
        ),
    ]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Simulation: {escape(sim.service_id)}</title>"
        "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #999;"
        "padding:.25rem .5rem;text-align:left}caption{text-align:left;font-weight:bold}</style>"
        "</head><body><main>" + "".join(sections) + "</main></body></html>"
    )
