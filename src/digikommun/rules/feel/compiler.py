"""Compile a FEEL AST into Python closures ``f(env) -> value``.

``env`` is a plain dict from names to FEEL values.  Parsing happens once, when a model is
loaded; evaluation only calls closures, so a decision costs a few dict look-ups and calls.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from . import ast as A
from .builtins import BUILTINS, invoke
from .iteration import filter_fn, iter_values
from .ops import ARITH, and3, neg, or3
from .temporal import parse_temporal
from .types import instance_of
from .values import FeelFunction, Range, compare, equals, get_path, scope

Fn = Callable[[dict[str, Any]], Any]
Test = Callable[[Any, dict[str, Any]], bool]

_CMP: dict[str, Callable[[int], bool]] = {
    "<": lambda c: c < 0,
    "<=": lambda c: c <= 0,
    ">": lambda c: c > 0,
    ">=": lambda c: c >= 0,
}


def _const(v: Any) -> Fn:
    return lambda env: v


def constant_value(node: A.Node) -> tuple[bool, Any]:
    """(True, value) when the node is a literal whose value needs no environment."""
    if isinstance(node, A.Num | A.Str | A.Bool):
        return True, node.value
    if isinstance(node, A.Null):
        return True, None
    if isinstance(node, A.Neg) and isinstance(node.operand, A.Num):
        return True, -node.operand.value
    return False, None


def compile_expr(node: A.Node) -> Fn:  # noqa: C901 - one branch per node type
    ok, v = constant_value(node)
    if ok:
        return _const(v)
    match node:
        case A.Name(name):
            builtin = BUILTINS.get(name)

            def name_fn(env: dict[str, Any]) -> Any:
                try:
                    return env[name]
                except KeyError:
                    return builtin

            return name_fn
        case A.At(text):
            return _const(parse_temporal(text))
        case A.Neg(x):
            fx = compile_expr(x)
            return lambda env: neg(fx(env))
        case A.BinOp(op, a, b):
            return _binop(op, compile_expr(a), compile_expr(b))
        case A.Compare(op, a, b):
            return _compare(op, compile_expr(a), compile_expr(b))
        case A.And(a, b):
            fa, fb = compile_expr(a), compile_expr(b)

            def and_fn(env: dict[str, Any]) -> Any:
                x = fa(env)
                if x is False:
                    return False
                return and3(x, fb(env))

            return and_fn
        case A.Or(a, b):
            fa, fb = compile_expr(a), compile_expr(b)

            def or_fn(env: dict[str, Any]) -> Any:
                x = fa(env)
                if x is True:
                    return True
                return or3(x, fb(env))

            return or_fn
        case A.If(c, t, e):
            fc, ft, fe = compile_expr(c), compile_expr(t), compile_expr(e)
            return lambda env: ft(env) if fc(env) is True else fe(env)
        case A.For(its, body):
            return _for(its, compile_expr(body))
        case A.Quantified(kind, its, cond):
            return _quantified(kind, its, compile_expr(cond))
        case A.Between(v, lo, hi):
            fv, fl, fh = compile_expr(v), compile_expr(lo), compile_expr(hi)

            def between_fn(env: dict[str, Any]) -> Any:
                x = fv(env)
                c1, c2 = compare(fl(env), x), compare(x, fh(env))
                return and3(None if c1 is None else c1 <= 0, None if c2 is None else c2 <= 0)

            return between_fn
        case A.In(v, tests) if any(_null_bound(t) for t in tests.tests):
            return _const(None)  # ``5 in (null..10]``: a range with a null endpoint
        case A.In(v, tests):
            fin, tests_fn = compile_expr(v), compile_tests(tests)
            return lambda env: _in(fin(env), tests_fn, env)
        case A.InstanceOf(v, t):
            fv = compile_expr(v)
            return lambda env: instance_of(fv(env), t)
        case A.Filter(base, cond):
            return filter_fn(compile_expr(base), compile_expr(cond))
        case A.Path(base, name):
            fb = compile_expr(base)
            return lambda env: get_path(fb(env), name)
        case A.Call(func, args, named):
            return _call(func, args, named)
        case A.ListLit(items):
            fs = [compile_expr(i) for i in items]
            return lambda env: [f(env) for f in fs]
        case A.ContextLit(entries):
            return _context([(k, compile_expr(e)) for k, e in entries])
        case A.RangeLit(s, e, si, ei, op) if op:
            fv = compile_expr(s if s is not None else e)  # type: ignore[arg-type]
            return lambda env: _unary_range(op, fv(env))
        case A.RangeLit(s, e, si, ei) if isinstance(s, A.Null) or isinstance(e, A.Null):
            return _const(None)  # ``(null..10]``: an endpoint that is null, not unbounded
        case A.RangeLit(s, e, si, ei):
            fstart = compile_expr(s) if s is not None else _const(None)
            fe = compile_expr(e) if e is not None else _const(None)
            return lambda env: _range(fstart(env), fe(env), si, ei)
        case A.FuncDef(params, body, external):
            return _funcdef(params, compile_expr(body), external)
    raise TypeError(f"cannot compile {node!r}")


def _unary_range(op: str, v: Any) -> Range:
    if op in ("=", "!="):
        return Range(v, v, op == "=", op == "=", op)
    if op[0] == "<":
        return Range(None, v, False, op == "<=", op)
    return Range(v, None, op == ">=", False, op)


def _range(s: Any, e: Any, si: bool, ei: bool) -> Range | None:
    if s is not None and e is not None and type(s) is not type(e):
        return None
    return Range(s, e, si and s is not None, ei and e is not None)


def _binop(op: str, fa: Fn, fb: Fn) -> Fn:
    f = ARITH[op]
    return lambda env: f(fa(env), fb(env))


def _compare(op: str, fa: Fn, fb: Fn) -> Fn:
    if op == "=":
        return lambda env: equals(fa(env), fb(env))
    if op == "!=":

        def ne(env: dict[str, Any]) -> Any:
            r = equals(fa(env), fb(env))
            return None if r is None else not r

        return ne
    test = _CMP[op]

    def cmp_fn(env: dict[str, Any]) -> Any:
        c = compare(fa(env), fb(env))
        return None if c is None else test(c)

    return cmp_fn


def _bindings(its: tuple[A.Iteration, ...]) -> list[tuple[str, Fn, Fn | None]]:
    return [
        (it.name, compile_expr(it.source), compile_expr(it.end) if it.end else None) for it in its
    ]


def _for(its: tuple[A.Iteration, ...], body: Fn) -> Fn:
    binds = _bindings(its)

    def for_fn(env: dict[str, Any]) -> Any:
        out: list[Any] = []

        def rec(i: int, e: dict[str, Any]) -> bool:
            if i == len(binds):
                out.append(body(e))
                return True
            name, fs, fe = binds[i]
            vals = iter_values(fs(e), fe(e) if fe else None, fe is not None)
            if vals is None:
                return False
            for x in vals:
                e2 = scope(e)
                e2[name] = x
                e2["partial"] = out
                if not rec(i + 1, e2):
                    return False
            return True

        return out if rec(0, env) else None

    return for_fn


def _quantified(kind: str, its: tuple[A.Iteration, ...], cond: Fn) -> Fn:
    binds = _bindings(its)

    def q_fn(env: dict[str, Any]) -> Any:
        results: list[Any] = []

        def rec(i: int, e: dict[str, Any]) -> None:
            if i == len(binds):
                results.append(cond(e))
                return
            name, fs, fe = binds[i]
            vals = iter_values(fs(e), fe(e) if fe else None, fe is not None) or []
            for x in vals:
                e2 = scope(e)
                e2[name] = x
                rec(i + 1, e2)

        rec(0, env)
        if kind == "some":
            if any(r is True for r in results):
                return True
            return False if all(r is False for r in results) else None
        if all(r is True for r in results):
            return True
        return False if any(r is False for r in results) else None

    return q_fn


def _null_bound(t: Any) -> bool:
    return isinstance(t, A.URange) and (
        isinstance(t.range.start, A.Null) or isinstance(t.range.end, A.Null)
    )


def _in(v: Any, tests: Test, env: dict[str, Any]) -> Any:
    r = tests(v, env)
    return None if v is None and r is False else r  # null in [1..10] is null


def _call(func: A.Node, args: tuple[A.Node, ...], named: Any) -> Fn:
    ff = compile_expr(func)
    if named is not None:
        fn_named = [(k, compile_expr(v)) for k, v in named]
        return lambda env: invoke(ff(env), None, {k: f(env) for k, f in fn_named})
    fargs = [compile_expr(a) for a in args]
    if isinstance(func, A.Name) and func.name in BUILTINS:
        builtin = BUILTINS[func.name]
        name = func.name
        # A built-in called by name: resolve it now unless the model shadows the name.

        def builtin_call(env: dict[str, Any]) -> Any:
            f = env.get(name, builtin)
            return invoke(f, [a(env) for a in fargs])

        return builtin_call
    return lambda env: invoke(ff(env), [a(env) for a in fargs])


def _context(entries: list[tuple[str, Fn]]) -> Fn:
    def ctx_fn(env: dict[str, Any]) -> Any:
        out: dict[str, Any] = {}
        e = scope(env)
        for k, f in entries:
            v = f(e)
            out[k] = v
            e[k] = v
        return out

    return ctx_fn


def _funcdef(params: tuple[tuple[str, A.TypeRef | None], ...], body: Fn, external: bool) -> Fn:
    names = [p for p, _ in params]
    if external:
        return _const(None)

    def def_fn(env: dict[str, Any]) -> Any:
        def call(*args: Any) -> Any:
            e = scope(env)
            e.update(zip(names, args, strict=False))
            return body(e)

        return FeelFunction("function", names, call)

    return def_fn


# --- unary tests -----------------------------------------------------------------------


def _uses_input(node: Any) -> bool:
    if isinstance(node, A.Name):
        return node.name == "?"
    if isinstance(node, tuple):
        return any(_uses_input(x) for x in node)
    if hasattr(node, "__dataclass_fields__"):
        return any(_uses_input(getattr(node, f)) for f in node.__dataclass_fields__)
    return False


def _compile_test(t: A.UCompare | A.URange | A.UExpr) -> Test:  # noqa: C901
    if isinstance(t, A.UCompare):
        ok, k = constant_value(t.operand)
        if t.op in ("=", "!="):
            fo = compile_expr(t.operand)
            want = t.op == "="
            return lambda x, env: equals(x, fo(env)) is want
        test = _CMP[t.op]
        if ok and type(k) is Decimal:
            # The common case in decision tables: a number against a constant.
            def num_test(x: Any, env: dict[str, Any]) -> bool:
                if type(x) is Decimal:
                    return test(-1 if x < k else (1 if x > k else 0))
                c = compare(x, k)
                return c is not None and test(c)

            return num_test
        fo = compile_expr(t.operand)

        def cmp_test(x: Any, env: dict[str, Any]) -> bool:
            c = compare(x, fo(env))
            return c is not None and test(c)

        return cmp_test
    if isinstance(t, A.URange):
        fr = compile_expr(t.range)

        def range_test(x: Any, env: dict[str, Any]) -> bool:
            r = fr(env)
            return r is not None and r.contains(x) is True

        return range_test
    expr = t.expr
    ok, k = constant_value(expr)
    if ok:
        return lambda x, env: x == k and type(x) is type(k) if k is not None else x is None
    fe = compile_expr(expr)
    if _uses_input(expr):

        def q_test(x: Any, env: dict[str, Any]) -> bool:
            e = scope(env)
            e["?"] = x
            return fe(e) is True

        return q_test

    def expr_test(x: Any, env: dict[str, Any]) -> bool:
        v = fe(env)
        if equals(x, v) is True:
            return True
        tv = type(v)
        if tv is list:
            # A list may hold ranges and comparisons too: ``5 in [[1..3], > 4]``.
            return any(
                equals(x, i) is True or (type(i) is Range and i.contains(x) is True) for i in v
            )
        if tv is Range:
            return v.contains(x) is True
        if tv is FeelFunction:
            return invoke(v, [x]) is True
        return v is True and type(x) is not bool

    return expr_test


def compile_tests(ut: A.UnaryTests) -> Test:
    if ut.any:
        return lambda x, env: True
    tests = [_compile_test(t) for t in ut.tests]
    if len(tests) == 1 and not ut.negated:
        return tests[0]
    if ut.negated:
        return lambda x, env: not any(t(x, env) for t in tests)
    return lambda x, env: any(t(x, env) for t in tests)
