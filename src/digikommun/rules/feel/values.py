"""FEEL values as Python objects, and the equality and ordering FEEL defines on them.

Mapping (DMN 1.5 §10.3.2): number -> decimal.Decimal (never bool, int or float inside the
engine), string -> str, boolean -> bool, null -> None, date -> datetime.date, date and time ->
datetime.datetime, time -> datetime.time, days and time duration -> datetime.timedelta,
years and months duration -> YMDuration, list -> list, context -> dict, range -> Range,
function -> FeelFunction.  Comparing values of different types gives null, not False.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .bce import BceDate, BceDateTime, plain
from .bce import to_str as bce_str

# FEEL numbers are IEEE 754-2008 DECIMAL128: 34 significant digits, half-even rounding.
D128 = decimal.Context(
    prec=34,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=6144,
    Emin=-6143,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True, slots=True, order=True)
class YMDuration:
    """A years-and-months duration, kept as a signed number of months."""

    months: int

    def __str__(self) -> str:
        m = abs(self.months)
        sign = "-" if self.months < 0 else ""
        y, mo = divmod(m, 12)
        if y and mo:
            return f"{sign}P{y}Y{mo}M"
        if y:
            return f"{sign}P{y}Y"
        return f"{sign}P{mo}M"


@dataclass(frozen=True, slots=True)
class Range:
    """A FEEL range; an endpoint of None is unbounded (``< 5`` is ``(null..5)``)."""

    start: Any
    end: Any
    start_included: bool = True
    end_included: bool = True
    # DMN 1.5 §10.3.2.7: ``(< 10)``, ``(=10)``, ``(!=10)`` are ranges too, equal only to
    # ranges written the same way; ``op`` keeps the operator ("" for an interval).
    op: str = ""

    def contains(self, v: Any) -> bool | None:
        if v is None:
            return None
        if self.op == "=" or self.op == "!=":
            r = equals(v, self.start)
            return r if r is None or self.op == "=" else not r
        if self.start is not None:
            c = compare(self.start, v)
            if c is None:
                return None
            if c > 0 or (c == 0 and not self.start_included):
                return False
        if self.end is not None:
            c = compare(v, self.end)
            if c is None:
                return None
            if c > 0 or (c == 0 and not self.end_included):
                return False
        return True


@dataclass(slots=True)
class FeelFunction:
    """A callable FEEL value: a built-in, a user function definition or a BKM.

    ``params`` are the parameter names (for named invocation); ``fn`` takes positional
    Python arguments already in FEEL form.  ``variadic`` built-ins take any number.
    """

    name: str
    params: Sequence[str]
    fn: Callable[..., Any]
    variadic: bool = False
    # For built-ins with optional parameters: the minimum number of arguments.
    min_args: int | None = None
    types: Sequence[Any] = field(default_factory=tuple)
    result_type: Any = None
    # Other names a parameter may be given by (``list replace``: position or match).
    aliases: Mapping[str, str] | None = None

    def __call__(self, *args: Any) -> Any:
        return self.fn(*args)


class RecordingEnv(dict):  # type: ignore[type-arg]
    """An environment that records which names were read (for the trace's parameters)."""

    __slots__ = ("reads",)

    def __init__(self, data: dict[str, Any], reads: dict[str, None] | None = None) -> None:
        super().__init__(data)
        self.reads: dict[str, None] = {} if reads is None else reads

    def __getitem__(self, key: str) -> Any:
        self.reads[key] = None
        return dict.__getitem__(self, key)


def scope(env: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``env`` for a nested scope (keeps recording reads if ``env`` does)."""
    if type(env) is dict:
        return dict(env)
    return RecordingEnv(env, env.reads)  # type: ignore[attr-defined]


def type_name(v: Any) -> str:
    """The FEEL type name of a value (for ``instance of`` and messages)."""
    if v is None:
        return "Null"
    t = type(v)
    if t is Decimal:
        return "number"
    if t is str:
        return "string"
    if t is bool:
        return "boolean"
    if t is dt.datetime or t is BceDateTime:
        return "date and time"
    if t is dt.date or t is BceDate:
        return "date"
    if t is dt.time:
        return "time"
    if t is dt.timedelta:
        return "days and time duration"
    if t is YMDuration:
        return "years and months duration"
    if t is list:
        return "list"
    if t is dict:
        return "context"
    if t is Range:
        return "range"
    if t is FeelFunction:
        return "function"
    return t.__name__


def to_feel(v: Any) -> Any:
    """Bring a Python value into FEEL form (ints and floats become Decimal, tuples lists)."""
    t = type(v)
    if t is Decimal or t is str or v is None or t is bool:
        return v
    if t is int:
        return Decimal(v)
    if t is float:
        return Decimal(repr(v))
    if t is list or t is tuple:
        return [to_feel(x) for x in v]
    if t is dict:
        return {str(k): to_feel(x) for k, x in v.items()}
    if isinstance(v, bool):
        return bool(v)
    if isinstance(v, int):
        return Decimal(int(v))
    return v


def _dt_comparable(a: Any, b: Any) -> tuple[Any, Any] | None:
    # FEEL compares a local date-time with a zoned one as if the local one were UTC?
    # No: DMN leaves it undefined; we give null unless both are local or both are zoned.
    if (a.tzinfo is None) != (b.tzinfo is None):
        return None
    return a, b


def _time_key(t: dt.time) -> Any:
    secs = t.hour * 3600 + t.minute * 60 + t.second + Decimal(t.microsecond) / 1000000
    off = t.utcoffset()
    if off is not None:
        secs -= Decimal(int(off.total_seconds()))
    return secs


def compare(a: Any, b: Any) -> int | None:
    """Order two FEEL values: -1, 0, 1, or None when they are not comparable."""
    ta, tb = type(a), type(b)
    if ta is not tb or a is None:
        if _ERAS.get(ta, ta) is _ERAS.get(tb, tb) and a is not None:
            return -1 if ta in _ERAS else 1  # a date before year 1 against one after
        return None
    if ta is Decimal or ta is str or ta is dt.date or ta is dt.timedelta or ta is YMDuration:
        return -1 if a < b else (1 if a > b else 0)
    if ta is BceDate or ta is BceDateTime:
        return compare(plain(a), plain(b))
    if ta is dt.datetime:
        pair = _dt_comparable(a, b)
        if pair is None:
            return None
        return -1 if a < b else (1 if a > b else 0)
    if ta is dt.time:
        if (a.tzinfo is None) != (b.tzinfo is None):
            return None
        ka, kb = _time_key(a), _time_key(b)
        return -1 if ka < kb else (1 if ka > kb else 0)
    return None


_ERAS: dict[type, type] = {BceDate: dt.date, BceDateTime: dt.datetime}


def equals(a: Any, b: Any) -> bool | None:
    """FEEL ``=``: null = null is true, null = x is false, different types give null."""
    if a is None or b is None:
        return a is None and b is None
    ta, tb = type(a), type(b)
    if ta is not tb:
        return False if _ERAS.get(ta, ta) is _ERAS.get(tb, tb) else None
    if ta is Decimal or ta is str or ta is bool:
        return bool(a == b)
    if ta is BceDate or ta is BceDateTime:
        return equals(plain(a), plain(b))
    if ta is list:
        if len(a) != len(b):
            return False
        for x, y in zip(a, b, strict=True):
            r = equals(x, y)
            if r is not True:
                return r
        return True
    if ta is dict:
        if a.keys() != b.keys():
            return False
        for k in a:
            r = equals(a[k], b[k])
            if r is not True:
                return r
        return True
    if ta is dt.datetime:
        if (a.tzinfo is None) != (b.tzinfo is None):
            return False
        return bool(a == b)
    if ta is dt.time:
        if (a.tzinfo is None) != (b.tzinfo is None):
            return False
        return bool(_time_key(a) == _time_key(b))
    if ta is FeelFunction:
        return a is b
    return bool(a == b)


def number_str(d: Decimal) -> str:
    """A FEEL number as text without exponent and without trailing zeros."""
    if not d.is_finite():
        return str(d)
    if d == d.to_integral_value():
        return str(int(d))
    s = format(d.normalize(D128), "f")
    return s


def to_str(v: Any) -> str:
    """FEEL ``string(v)``."""
    t = type(v)
    if v is None:
        return "null"
    if t is str:
        return str(v)
    if t is Decimal:
        return number_str(v)
    if t is bool:
        return "true" if v else "false"
    if t is dt.date:
        return date_str(v)
    if t is dt.datetime:
        return datetime_str(v)
    if t is dt.time:
        return time_str(v)
    if t is dt.timedelta:
        return duration_str(v)
    if t is BceDate or t is BceDateTime:
        return bce_str(v)
    if t is YMDuration:
        return str(v)
    if t is list:
        return "[" + ", ".join(to_str_inner(x) for x in v) + "]"
    if t is dict:
        return "{" + ", ".join(f"{_key_str(k)}: {to_str_inner(x)}" for k, x in v.items()) + "}"
    if t is Range:
        if v.op:
            point = v.end if v.op[0] == "<" else v.start
            return f"{v.op} {to_str_inner(point)}"
        s = "[" if v.start_included else "("
        e = "]" if v.end_included else ")"
        return f"{s}{to_str_inner(v.start)}..{to_str_inner(v.end)}{e}"
    return str(v)


def _key_str(k: str) -> str:
    """A context key as written in FEEL: quoted when it could not be read as a name."""
    if not k or k[0].isdigit() or any(c in '{}[](),:"' for c in k):
        return to_str_inner(k)
    return k


def to_str_inner(v: Any) -> str:
    if type(v) is str:
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return to_str(v)


def date_str(d: dt.date) -> str:
    y = d.year
    return f"{y:04d}-{d.month:02d}-{d.day:02d}"


def _offset_str(t: dt.time | dt.datetime) -> str:
    tz = t.tzinfo
    if tz is None:
        return ""
    key = getattr(tz, "key", None)
    if key:
        return "@" + str(key)
    off = t.utcoffset()
    assert off is not None
    if off == dt.timedelta(0):
        return "Z"
    total = int(off.total_seconds())
    sign = "-" if total < 0 else "+"
    total = abs(total)
    h, rem = divmod(total, 3600)
    m, s = divmod(rem, 60)
    return f"{sign}{h:02d}:{m:02d}" + (f":{s:02d}" if s else "")


def time_str(t: dt.time | dt.datetime) -> str:
    s = f"{t.hour:02d}:{t.minute:02d}:{t.second:02d}"
    if t.microsecond:
        s += ("." + f"{t.microsecond:06d}").rstrip("0")
    return s + _offset_str(t)


def datetime_str(d: dt.datetime) -> str:
    return date_str(d.date()) + "T" + time_str(d)


def duration_str(td: dt.timedelta) -> str:
    total_us = (td.days * 86400 + td.seconds) * 1000000 + td.microseconds
    if total_us == 0:
        return "PT0S"
    sign = "-" if total_us < 0 else ""
    total_us = abs(total_us)
    secs, us = divmod(total_us, 1000000)
    days, rem = divmod(secs, 86400)
    h, rem = divmod(rem, 3600)
    m, s = divmod(rem, 60)
    out = sign + "P"
    if days:
        out += f"{days}D"
    if h or m or s or us:
        out += "T"
        if h:
            out += f"{h}H"
        if m:
            out += f"{m}M"
        if s or us:
            out += str(s)
            if us:
                out += ("." + f"{us:06d}").rstrip("0")
            out += "S"
    return out


def get_path(v: Any, name: str) -> Any:
    """``v.name``: a context entry, a property of a temporal value or range, mapped over lists."""
    t = type(v)
    if t is dict:
        return v.get(name)
    if t is list:
        return [get_path(x, name) for x in v]
    if v is None:
        return None
    from .properties import property_of

    return property_of(v, name)
