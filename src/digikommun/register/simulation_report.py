"""The simulation as a self-contained HTML file with SVG bar charts drawn here (no script),
each chart with the same numbers as a table beside it. The service owner's page shows the
same body (`report_body`) in the page's language; the command writes it in English."""

from __future__ import annotations

from html import escape

from django.utils.translation import gettext as _

from .simulation import Simulation

_BAR_H, _GAP, _LABEL_W, _BAR_W = 22, 8, 220, 360


def bar_chart(title: str, rows: list[tuple[str, int]], *, key: str) -> str:
    """A horizontal bar chart as an <svg> with a title, or a sentence when empty."""
    if not rows:
        none = _("%(title)s: none.") % {"title": title}
        return f"<p>{escape(none)}</p>"
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
    labels = [
        "< −1000",
        _("%(low)s to %(high)s") % {"low": "−1000", "high": "−100"},
        _("%(low)s to %(high)s") % {"low": "−100", "high": "0"},
        _("%(low)s to %(high)s") % {"low": "0", "high": "100"},
        _("%(low)s to %(high)s") % {"low": "100", "high": "1000"},
        "> 1000",
    ]
    return [(label, n) for label, n in zip(labels, sim.bands(), strict=True) if n]


def report_body(sim: Simulation, *, heading: str = "h1") -> str:
    """The report's figures, charts, tables and examples (headings start at `heading`)."""
    sub = "h3" if heading == "h2" else "h2"
    outcome_rows = [(f"{a} → {b}", n) for (a, b), n in sim.outcomes.most_common()]
    rule_rows = list(sim.rules.most_common())
    amount_rows = _buckets(sim)
    since = sim.since.isoformat() if sim.since else _("the first case")
    cases = _("Cases")
    title = _("Impact of the draft rules: %(service)s") % {"service": sim.service_id}
    h_outcomes, h_amounts = _("Outcomes that change"), _("Amounts that change")
    h_rules, h_examples = (
        _("The draft’s rule that decided the changed cases"),
        _("Examples (pseudonymised)"),
    )
    sections = [
        f"<{heading}>{escape(title)}</{heading}>",
        f"<p><strong>{escape(sim.summary)}</strong>. "
        + escape(
            _(
                "Cases since %(since)s; %(errors)s could not be evaluated. The outputs of each "
                "case's own published version are compared with the draft's, on the stored facts "
                "and the day the case is decided as of."
            )
            % {"since": since, "errors": sim.errors}
        )
        + "</p>",
        f"<{sub}>{escape(h_outcomes)}</{sub}>",
        bar_chart(_("Changed outcomes, before → after"), outcome_rows, key="outcomes"),
        table(_("Changed outcomes"), (_("Before → after"), cases), outcome_rows),
        f"<{sub}>{escape(h_amounts)}</{sub}>",
        "<p>"
        + escape(
            _("Up: %(up)s, down: %(down)s, total change %(total)s per period.")
            % {
                "up": sim.amounts["up"],
                "down": sim.amounts["down"],
                "total": sim.amount_total_change,
            }
        )
        + "</p>",
        bar_chart(_("Change in amount (SEK), cases per band"), amount_rows, key="amounts"),
        table(_("Change in amount"), (_("Change (SEK)"), cases), amount_rows),
        f"<{sub}>{escape(h_rules)}</{sub}>",
        bar_chart(_("Changed cases by rule"), rule_rows, key="rules"),
        table(_("Changed cases by rule"), (_("Rule"), cases), rule_rows),
        f"<{sub}>{escape(h_examples)}</{sub}>",
        table(
            _("Examples of changed cases"),
            (_("Case (pseudonym)"), _("Decided as of"), _("Before"), _("After"), _("Rule")),
            [(e["case"], e["as_of"], e["before"], e["after"], e["rule"]) for e in sim.examples],
        ),
    ]
    return "".join(sections)


def report_html(sim: Simulation) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Simulation: {escape(sim.service_id)}</title>"
        "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #999;"
        "padding:.25rem .5rem;text-align:left}caption{text-align:left;font-weight:bold}</style>"
        "</head><body><main>" + report_body(sim) + "</main></body></html>"
    )
