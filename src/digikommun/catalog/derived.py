"""Facts a definition derives from its answers, so a form can ask the natural question and
the rules still read the facts they were written for.

    derived_facts:
      children_0: {count: children, age: [0, 0], birth_date: birth_date}
      children_7_10: {count: children, age: [7, 10], birth_date: birth_date}
      income: {sum: incomes, of: amount}
      partners: {count: members, where: {field: relation, equals: partner}}
      certificate_files: {count: medical_certificate}   # files attached to a file field

`count` counts the rows of a repeating group, optionally only those whose age (in whole years
on the application date, from a date field of the row) lies in a band, and those a condition
on the row holds for. `sum` adds a number field of the rows (empty counts as 0). A group that
is hidden, or has no rows, gives 0. `count` of a file field gives the number of files
attached (0 when none).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from digikommun.common.reader import Reader
from digikommun.common.yamlsrc import key_mark, mark_of
from digikommun.forms.conditions import Condition, parse_condition
from digikommun.forms.fields import Field
from digikommun.forms.schema import COMPARABLE, Step

_KEYS = {"count", "sum", "of", "age", "birth_date", "where"}


@dataclass(frozen=True)
class DerivedFact:
    name: str
    op: str  # count | sum
    group: str
    of: str | None = None
    age: tuple[int, int] | None = None
    birth_date: str | None = None
    where: Condition | None = None

    def compute(self, values: dict[str, Any], on: datetime.date) -> int | Decimal:
        rows = values.get(self.group) or []
        total = Decimal(0)
        for row in rows:
            if self.where is not None and not self.where.evaluate(lambda n, r=row: _text(r.get(n))):
                continue
            if self.age is not None:
                born = row.get(self.birth_date or "")
                if not isinstance(born, datetime.date):
                    continue
                years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
                if not self.age[0] <= years <= self.age[1]:
                    continue
            if self.op == "count":
                total += 1
            else:
                total += Decimal(str(row.get(self.of or "") or 0))
        return int(total) if total == total.to_integral_value() else total


def _text(value: Any) -> Any:
    """A typed row value as the text a condition compares."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value is None or isinstance(value, list | str):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def parse_derived(r: Reader, doc: Any, steps: tuple[Step, ...]) -> tuple[DerivedFact, ...]:
    raw_all = doc.get("derived_facts") if isinstance(doc, dict) else None
    if raw_all is None:
        return ()
    if not isinstance(raw_all, dict):
        r.fail("'derived_facts' must map fact names to derivations", key_mark(doc, "derived_facts"))
        return ()
    groups: dict[str, Field] = {f.id: f for s in steps for f in s.fields if f.type == "group"}
    files = {f.id for s in steps for f in s.fields if f.type == "file"}
    field_ids = {f.id for s in steps for f in s.fields}
    facts: list[DerivedFact] = []
    for name, spec in raw_all.items():
        where = key_mark(raw_all, name)
        if name in field_ids:
            r.fail(f"the derived fact '{name}' has the name of a field", where)
            continue
        if not isinstance(spec, dict) or len({"count", "sum"} & set(spec)) != 1:
            r.fail(f"the derived fact '{name}' needs one of: count, sum", where)
            continue
        for key in sorted(set(spec) - _KEYS):
            r.fail(f"unknown key '{key}' in a derived fact", key_mark(spec, key))
        op = "count" if "count" in spec else "sum"
        if op == "count" and str(spec[op]) in files:
            # The number of files attached to a file field (a certificate given or not).
            if set(spec) != {"count"}:
                r.fail("counting a file field takes no other keys", mark_of(spec, where))
                continue
            facts.append(DerivedFact(name=str(name), op=op, group=str(spec[op])))
            continue
        group = groups.get(str(spec[op]))
        if group is None:
            r.fail(
                f"'{spec[op]}' is not a repeating group or a file field of the form",
                mark_of(spec[op], where),
            )
            continue
        subs = {f.id: f for f in group.fields}
        of = spec.get("of")
        if op == "sum" and (of not in subs or subs[of].type not in ("integer", "money")):
            r.fail("'of' must name a number or money field of the group", mark_of(spec, where))
            continue
        age = spec.get("age")
        birth = spec.get("birth_date")
        if age is not None:
            ok = (
                isinstance(age, list)
                and len(age) == 2
                and all(isinstance(a, int) and not isinstance(a, bool) for a in age)
                and age[0] <= age[1]
            )
            if not ok:
                r.fail("'age' must be [from, to] in whole years", key_mark(spec, "age"))
                continue
            if birth not in subs or subs[birth].type != "date":
                r.fail("'birth_date' must name a date field of the group", mark_of(spec, where))
                continue
        condition = None
        if "where" in spec:
            condition = parse_condition(r, spec["where"], spec)
            for ref in sorted(condition.fields() if condition else ()):
                if ref not in subs or subs[ref].type not in COMPARABLE:
                    r.fail(f"'where' reads '{ref}', not a field of the group", mark_of(spec, where))
        facts.append(
            DerivedFact(
                name=str(name),
                op=op,
                group=group.id,
                of=None if of is None else str(of),
                age=None if age is None else (age[0], age[1]),
                birth_date=None if birth is None else str(birth),
                where=condition,
            )
        )
    return tuple(facts)
