"""Which names a FEEL expression reads from its environment (for load-time checks)."""

from __future__ import annotations

from typing import Any

from . import ast as A


def free_names(node: Any, bound: frozenset[str] = frozenset()) -> list[str]:
    """Names read but not bound inside the expression, in order of first appearance.

    Names inside a filter condition are skipped: they may be entries of the list's items,
    which only evaluation knows.
    """
    out: list[str] = []
    _walk(node, bound, out)
    seen: set[str] = set()
    return [n for n in out if not (n in seen or seen.add(n))]  # type: ignore[func-returns-value]


def _walk(node: Any, bound: frozenset[str], out: list[str]) -> None:  # noqa: C901
    match node:
        case A.Name(name):
            if name not in bound and name != "?":
                out.append(name)
        case A.Filter(base, cond):
            _walk(base, bound, out)
            _walk(cond, bound | {"item"}, [])  # see docstring
        case A.For(its, body) | A.Quantified(_, its, body):
            b = bound
            for it in its:
                _walk(it.source, b, out)
                if it.end is not None:
                    _walk(it.end, b, out)
                b = b | {it.name}
            _walk(body, b | {"partial"}, out)
        case A.ContextLit(entries):
            b = bound
            for k, v in entries:
                _walk(v, b, out)
                b = b | {k}
        case A.FuncDef(params, body, _):
            _walk(body, bound | {p for p, _ in params}, out)
        case A.Path(base, _):
            _walk(base, bound, out)
        case A.InstanceOf(v, _):
            _walk(v, bound, out)
        case A.Call(func, args, named):
            _walk(func, bound, out)
            for a in args:
                _walk(a, bound, out)
            for _, v in named or ():
                _walk(v, bound, out)
        case A.UnaryTests(tests, _, _):
            for t in tests:
                _walk(t, bound, out)
        case A.UCompare(_, x) | A.UExpr(x):
            _walk(x, bound, out)
        case A.URange(r):
            _walk(r, bound, out)
        case A.Iteration():
            pass
        case _ if hasattr(node, "__dataclass_fields__"):
            for f in node.__dataclass_fields__:
                v = getattr(node, f)
                if isinstance(v, tuple):
                    for x in v:
                        _walk(x, bound, out)
                else:
                    _walk(v, bound, out)
