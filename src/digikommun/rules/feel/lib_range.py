"""Range built-ins (DMN 1.5 §10.3.4.9): before, after, meets, overlaps, includes, ...

Each takes points or ranges; a point is treated as the closed range [p..p].
"""

from __future__ import annotations

from typing import Any

from ..errors import RulesError
from .builtins import builtin
from .values import Range, compare


def _r(x: Any) -> Range | None:
    if x is None:
        return None
    if type(x) is Range:
        return x
    return Range(x, x, True, True)


def _lt(a: Any, b: Any) -> bool:
    c = compare(a, b)
    if c is None:
        raise TypeError("not comparable")
    return c < 0


def _eq(a: Any, b: Any) -> bool:
    c = compare(a, b)
    if c is None:
        raise TypeError("not comparable")
    return c == 0


def _ends_before_start(a: Range, b: Range) -> bool:
    # a entirely before b (no shared point)
    if a.end is None or b.start is None:
        return False
    return _lt(a.end, b.start) or (
        _eq(a.end, b.start) and not (a.end_included and b.start_included)
    )


@builtin("before", "point1, point2")
def _before(a: Any, b: Any) -> Any:
    ra, rb = _r(a), _r(b)
    if ra is None or rb is None:
        return None
    return _ends_before_start(ra, rb)


@builtin("after", "point1, point2")
def _after(a: Any, b: Any) -> Any:
    ra, rb = _r(a), _r(b)
    if ra is None or rb is None:
        return None
    return _ends_before_start(rb, ra)


@builtin("meets", "range1, range2")
def _meets(a: Any, b: Any) -> Any:
    if type(a) is not Range or type(b) is not Range:
        return None
    return a.end_included and b.start_included and _eq(a.end, b.start)


@builtin("met by", "range1, range2")
def _met_by(a: Any, b: Any) -> Any:
    return _meets(b, a)


@builtin("overlaps", "range1, range2")
def _overlaps(a: Any, b: Any) -> Any:
    if type(a) is not Range or type(b) is not Range:
        return None
    return not _ends_before_start(a, b) and not _ends_before_start(b, a)


@builtin("overlaps before", "range1, range2")
def _overlaps_before(a: Any, b: Any) -> Any:
    if type(a) is not Range or type(b) is not Range:
        return None
    starts_first = _lt(a.start, b.start) or (
        _eq(a.start, b.start) and a.start_included and not b.start_included
    )
    ends_inside = _lt(b.start, a.end) or (
        _eq(b.start, a.end) and a.end_included and b.start_included
    )
    ends_before_b_end = _lt(a.end, b.end) or (
        _eq(a.end, b.end) and (not a.end_included or b.end_included)
    )
    return starts_first and ends_inside and ends_before_b_end


@builtin("overlaps after", "range1, range2")
def _overlaps_after(a: Any, b: Any) -> Any:
    return _overlaps_before(b, a)


@builtin("finishes", "point, range")
def _finishes(a: Any, b: Any) -> Any:
    if type(b) is not Range or a is None:
        return None
    if type(a) is not Range:
        return b.end_included and _eq(a, b.end)
    return (
        a.end_included == b.end_included
        and _eq(a.end, b.end)
        and (
            _lt(b.start, a.start)
            or (_eq(a.start, b.start) and (not a.start_included or b.start_included))
        )
    )


@builtin("finished by", "range, point")
def _finished_by(a: Any, b: Any) -> Any:
    return _finishes(b, a)


@builtin("includes", "range, point")
def _includes(a: Any, b: Any) -> Any:
    if type(a) is not Range or b is None:
        return None
    if type(b) is not Range:
        return a.contains(b)
    start_ok = _lt(a.start, b.start) or (
        _eq(a.start, b.start) and (a.start_included or not b.start_included)
    )
    end_ok = _lt(b.end, a.end) or (_eq(a.end, b.end) and (a.end_included or not b.end_included))
    return start_ok and end_ok


@builtin("during", "point, range")
def _during(a: Any, b: Any) -> Any:
    return _includes(b, a)


@builtin("starts", "point, range")
def _starts(a: Any, b: Any) -> Any:
    if type(b) is not Range or a is None:
        return None
    if type(a) is not Range:
        return b.start_included and _eq(a, b.start)
    return (
        a.start_included == b.start_included
        and _eq(a.start, b.start)
        and (_lt(a.end, b.end) or (_eq(a.end, b.end) and (not a.end_included or b.end_included)))
    )


@builtin("started by", "range, point")
def _started_by(a: Any, b: Any) -> Any:
    return _starts(b, a)


@builtin("coincides", "point1, point2")
def _coincides(a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    if type(a) is Range and type(b) is Range:
        return (
            _eq(a.start, b.start)
            and _eq(a.end, b.end)
            and a.start_included == b.start_included
            and a.end_included == b.end_included
        )
    if type(a) is Range or type(b) is Range:
        return None
    return _eq(a, b)


_TEMPORAL_FUNCTIONS = ("date", "time", "date and time", "duration")


def _literal_endpoint(n: Any) -> bool:
    from . import ast as A

    if n is None or isinstance(n, A.Num | A.Str | A.At | A.Null):
        return True
    if isinstance(n, A.Neg):
        return isinstance(n.operand, A.Num)
    if isinstance(n, A.Call) and isinstance(n.func, A.Name) and not n.named:
        return n.func.name in _TEMPORAL_FUNCTIONS and all(isinstance(a, A.Str) for a in n.args)
    return False


@builtin("range", "from")
def _range_from(text: Any) -> Any:
    """DMN 1.5 §10.3.4.9 ``range(from)``: a range from its literal text, such as
    ``"[1..3]"`` or ``"(18..21]"`` (the TCK refuses the unary form ``">= 10"``); endpoints
    are literals or temporal functions of literal strings.  Anything else, or a descending
    range, is null."""
    from . import ast as A
    from .compiler import compile_expr
    from .parser import build_trie, parse_expression

    if type(text) is not str:
        return None
    try:
        node = parse_expression(text, [build_trie(_TEMPORAL_FUNCTIONS)])
    except RulesError:
        return None
    if (
        not isinstance(node, A.RangeLit)
        or node.op
        or not (_literal_endpoint(node.start) and _literal_endpoint(node.end))
    ):
        return None
    r = compile_expr(node)({})
    if type(r) is not Range or (r.start is None and r.end is None):
        return None
    if r.start is not None and r.end is not None:
        c = compare(r.start, r.end)
        if c is None or c > 0:
            return None
    return r
