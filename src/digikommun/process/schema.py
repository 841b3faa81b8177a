"""The process part of a service definition: which steps run, and their settings.

service.yaml's `process` is either a plain list of step names, or a mapping:

    process:
      steps: [automated_decision, manual_review, notify, close]
      completion_days: 14     # deadline for answering a request for completion
      four_eyes: false        # a second caseworker must approve each decision

The delegation that allows automated_decision is read by digikommun.catalog.legal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from digikommun.common.reader import Reader
from digikommun.common.yamlsrc import key_mark, mark_of

STEPS = ("automated_decision", "manual_review", "notify", "close")


@dataclass(frozen=True)
class ProcessConfig:
    steps: tuple[str, ...]
    completion_days: int = 14
    four_eyes: bool = False

    @property
    def automated(self) -> bool:
        return "automated_decision" in self.steps


def parse_process(r: Reader, doc: Any) -> ProcessConfig:
    raw = r.require(doc, "process")
    settings: dict[str, Any] = {}
    if isinstance(raw, dict):
        settings = raw
        raw = r.require(raw, "steps")
    if not isinstance(raw, list) or not raw:
        r.fail("'process' must list its steps", key_mark(doc, "process"))
        raw = []
    for name in raw:
        if name not in STEPS:
            r.fail(f"unknown process step '{name}'; known: {', '.join(STEPS)}", mark_of(name))
    days = settings.get("completion_days", 14)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 365:
        r.fail(
            "'completion_days' must be a whole number of days, 1–365",
            key_mark(settings, "completion_days"),
        )
        days = 14
    four_eyes = settings.get("four_eyes", False)
    if not isinstance(four_eyes, bool):
        r.fail("'four_eyes' must be true or false", key_mark(settings, "four_eyes"))
        four_eyes = False
    for key in sorted(set(settings) - {"steps", "completion_days", "four_eyes"}):
        r.fail(f"unknown key '{key}' in process", key_mark(settings, key))

    return ProcessConfig(
        steps=tuple(str(s) for s in raw),
        completion_days=days,
        four_eyes=four_eyes,
    )
