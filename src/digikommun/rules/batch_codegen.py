"""Generate the Python source of a batch evaluator for a model.

The function loops over the input columns and computes every decision the top decision
needs as straight-line Python.  Each FEEL expression is translated with a static kind:
``n`` (a number that is never null: an int or a Decimal), ``bool``, ``str`` or ``any``.
Operations on known kinds are native Python operators; anything else calls helpers with
FEEL's null and type rules.  Ints stand in for whole numbers while they stay below 34
digits (DECIMAL128 would round beyond that), so results equal ``Model.evaluate``'s.
Decision tables with FIRST and UNIQUE hit policies become if-chains; other expressions
fall back to their ordinary evaluation with an environment built for the row.
"""

from __future__ import annotations

import functools
import itertools
import re
from decimal import Decimal
from typing import Any, cast

from .batch_helpers import HELPERS
from .feel import ast as A
from .feel.builtins import BUILTINS, invoke
from .feel.compiler import _uses_input
from .feel.names import free_names
from .model import Literal, Model, Unavailable
from .tables import DecisionTable

MAX_DIGITS = 33
INT_LIMIT = 10**15
NUM = ("n", "nn")


_HELPER_OF = {"+": "_add", "-": "_sub", "*": "_mul", "/": "_div", "**": "_pow"}


class Unsupported(Exception):
    pass


def _missing_raiser(row_error: type[Exception]) -> Any:
    def missing(name: str) -> Any:
        raise row_error(name)

    return missing


class Gen:
    def __init__(self, unsupported: type[Exception]) -> None:
        self.ns: dict[str, Any] = dict(HELPERS)
        self.names: dict[str, tuple[str, str, int | None]] = {}  # FEEL name -> var, kind, digits
        self.counter = itertools.count()
        self.unsupported = unsupported
        self.table_outputs: dict[str, list[str]] = {}
        # Inline arithmetic on Decimals needs the DECIMAL128 context around the call.
        self.needs_context = False
        self.arith_vars: set[str] = set()

    def tmp(self) -> str:
        return f"t{next(self.counter)}"

    def const(self, v: Any) -> str:
        name = f"K{next(self.counter)}"
        self.ns[name] = v
        return name

    def literal(self, v: Any) -> tuple[str, str, int | None]:
        if type(v) is Decimal:
            if v == v.to_integral_value() and abs(v) < 10**15:
                i = int(v)
                return repr(i), "n", len(str(abs(i)))
            return self.const(v), "n", None
        if type(v) is bool:
            return repr(v), "bool", None
        if type(v) is str:
            return repr(v), "str", None
        if v is None:
            return "None", "any", None
        if type(v) is list and all(type(x) is Decimal for x in v):
            ints = [int(x) if x == x.to_integral_value() and abs(x) < 10**15 else x for x in v]
            return self.const(ints), "list", len(ints)
        return self.const(v), "any", None

    # --- expressions -------------------------------------------------------------------
    def expr(self, node: Any) -> tuple[str, str, int | None]:  # noqa: C901
        match node:
            case A.Num(v) | A.Str(v) | A.Bool(v):
                return self.literal(v)
            case A.Null():
                return "None", "any", None
            case A.Name(name):
                if name not in self.names:
                    raise self.unsupported(name)
                return self.names[name]
            case A.Neg(x):
                s, k, d = self.expr(x)
                self.arith_vars.update(re.findall(r"\bc\d+\b", s))
                return (f"(-{s})", "n", d) if k == "n" else (f"_neg({s})", "any", None)
            case A.BinOp(op, a, b):
                sa, ka, da = self.expr(a)
                sb, kb, db = self.expr(b)
                if op in ("+", "-", "*") and ka in NUM and kb in NUM:
                    digits = None
                    if da is not None and db is not None:
                        digits = da + db if op == "*" else max(da, db) + 1
                    if digits is not None and digits > MAX_DIGITS:
                        sa, sb, digits = f"_N({sa})", f"_N({sb})", None
                    if digits is None:
                        self.needs_context = True
                    # Whole-number columns in arithmetic must stay small enough to be exact.
                    self.arith_vars.update(re.findall(r"\bc\d+\b", sa + " " + sb))
                    if ka == kb == "n":
                        return f"({sa} {op} {sb})", "n", digits
                    # A number that may be null: FEEL gives null, Python must not see None.
                    ta, tb = self.tmp(), self.tmp()
                    src = f"(None if ({ta} := {sa}) is None or ({tb} := {sb}) is None else {ta} {op} {tb})"
                    return src, "nn", digits
                return f"{_HELPER_OF[op]}({sa}, {sb})", "any", None
            case A.Compare(op, a, b) if op in ("=", "!=") and A.Null() in (a, b):
                # FEEL: null = null is true, anything else = null is false.
                other = b if a == A.Null() else a
                so, _, _ = self.expr(other)
                return f"({so} is {'' if op == '=' else 'not '}None)", "bool", None
            case A.Compare(op, a, b):
                sa, ka, _ = self.expr(a)
                sb, kb, _ = self.expr(b)
                if ka == kb and ka in ("n", "str") or (op in ("=", "!=") and ka == kb == "bool"):
                    py = "==" if op == "=" else op
                    return f"({sa} {py} {sb})", "bool", None
                if op == "=":
                    return f"_eq({sa}, {sb})", "any", None
                if op == "!=":
                    return f"_ne({sa}, {sb})", "any", None
                return f"_cmpv({sa}, {sb}, {op!r})", "any", None
            case A.And(a, b) | A.Or(a, b):
                sa, ka, _ = self.expr(a)
                sb, kb, _ = self.expr(b)
                word = "and" if isinstance(node, A.And) else "or"
                if ka == kb == "bool":
                    return f"({sa} {word} {sb})", "bool", None
                return f"_{word}({sa}, {sb})", "any", None
            case A.If(c, t, e):
                sc, kc, _ = self.expr(c)
                st, kt, dt_ = self.expr(t)
                se, ke, de = self.expr(e)
                cond = sc if kc == "bool" else f"{sc} is True"
                kind = kt if kt == ke else ("nn" if kt in NUM and ke in NUM else "any")
                digits = max(dt_, de) if dt_ is not None and de is not None else None
                return f"({st} if {cond} else {se})", kind, digits
            case A.Filter(base, cond):
                if "item" in free_names(cond) or _uses_input(cond):
                    raise self.unsupported("filter")
                sb, kb, length = self.expr(base)
                sc, kc, dc = self.expr(cond)
                if kc != "n":
                    if kb != "list":
                        raise self.unsupported("filter")
                    # A list of numbers and a condition that may be null or not a number.
                    return f"_filt1({sb}, {sc})", "any", None
                if kb == "list" and dc is not None and length is not None:
                    # A whole-number index into a list of numbers: index inline.
                    ti = self.tmp()
                    src = (
                        f"({sb}[{ti} - 1] if 0 < ({ti} := {sc}) <= {length} else _idx({sb}, {ti}))"
                    )
                    return src, "nn", None
                return f"_idx({sb}, {sc})", ("nn" if kb == "list" else "any"), None
            case A.Call(A.Name(fname), args, None) if fname in ("min", "max") and args:
                parts = [self.expr(a) for a in args]
                if len(parts) > 1 and all(k == "n" for _, k, _ in parts):
                    all_digits = [d for _, _, d in parts]
                    dmax = None if None in all_digits else max(d or 0 for d in all_digits)
                    return f"{fname}({', '.join(s for s, _, _ in parts)})", "n", dmax
                raise self.unsupported("call")
            case A.Call(A.Name(fname), args, None) if fname in BUILTINS:
                # Any other built-in by name, with FEEL values, as the interpreter calls it.
                if fname in self.names:
                    raise self.unsupported("a name shadowing a built-in")
                parts = [self.expr(a) for a in args]
                if any(k == "list" for _, k, _ in parts):
                    raise self.unsupported("call with a list of whole numbers")
                self.ns.setdefault("_invoke", invoke)
                fn = self.const(BUILTINS[fname])
                vals = ", ".join(f"_N({s})" if k in NUM else s for s, k, _ in parts)
                return f"_invoke({fn}, [{vals}])", "any", None
        raise self.unsupported(type(node).__name__)

    # --- unary tests -------------------------------------------------------------------
    def test(self, x: str, kx: str, t: Any) -> str:
        if isinstance(t, A.UCompare):
            so, ko, _ = self.expr(t.operand)
            if t.op in ("=", "!="):
                if kx == ko and kx in ("n", "str", "bool"):
                    return f"({x} {'==' if t.op == '=' else '!='} {so})"
                return f"(_eq({x}, {so}) is {t.op == '='})"
            if kx == ko and kx in ("n", "str"):
                return f"({x} {t.op} {so})"
            if kx in NUM and ko in NUM:
                guard = " and ".join(
                    f"{v} is not None" for v, k in ((x, kx), (so, ko)) if k == "nn"
                )
                return f"({guard} and {x} {t.op} {so})"
            return f"_tc({x}, {so}, {t.op!r})"
        if isinstance(t, A.URange):
            r = t.range
            ss, ks, _ = self.expr(r.start)
            se, ke, _ = self.expr(r.end)
            if kx == ks == ke and kx in ("n", "str"):
                lo = "<=" if r.start_included else "<"
                hi = "<=" if r.end_included else "<"
                return f"({ss} {lo} {x} {hi} {se})"
            return f"_rng({x}, {ss}, {se}, {r.start_included}, {r.end_included})"
        expr = t.expr
        if _uses_input(expr):
            raise self.unsupported("? in a test")
        if isinstance(expr, A.Bool):
            return f"({x} is {expr.value})"
        if isinstance(expr, A.Null):
            return f"({x} is None)"
        so, ko, _ = self.expr(expr)
        if (ko == kx and kx in ("n", "str")) or (kx in NUM and ko in NUM):
            return f"({x} == {so})"
        if ko == "str":
            return f"({x} == {so} and type({x}) is str)"
        return f"_uexpr({x}, {so})"

    def tests(self, x: str, kx: str, ut: A.UnaryTests) -> str | None:
        if ut.any:
            return None
        parts = [self.test(x, kx, t) for t in ut.tests]
        joined = parts[0] if len(parts) == 1 else "(" + " or ".join(parts) + ")"
        return f"(not {joined})" if ut.negated else joined


@functools.lru_cache(maxsize=32)
def _tries(known: tuple[str, ...]) -> list[Any]:
    """The name tries the parser needs: built once per set of names, not per expression."""
    from .feel.parser import build_trie

    return [build_trie(BUILTINS), build_trie(list(known))]


def _ast_of(fn_text: str, known: list[str]) -> Any:
    from .feel.parser import parse_expression

    return parse_expression(fn_text, _tries(tuple(known)))


def _ut_of(text: str, known: list[str]) -> Any:
    from .feel.parser import parse_unary_tests

    return parse_unary_tests(text, _tries(tuple(known)))


def generate(  # noqa: C901 - one generator, kept together for readability of the output
    model: Model,
    env0: dict[str, Any],
    kinds: dict[str, str],
    row_error: type[Exception],
    unsupported: type[Exception],
    single: bool = False,
    mismatch: type[Exception] | None = None,
) -> Any:
    """``run(*columns) -> [outputs]``, or with ``single`` ``one(*facts) -> (outputs, values)``
    computing every decision (as ``Model.evaluate`` does) for one case."""
    g = Gen(unsupported)
    known = list(model.inputs) + list(model.parameters) + list(model.decisions)
    arg_names = []
    for i, name in enumerate(model.inputs):
        kind = kinds[name]
        var = f"c{i}"
        arg_names.append(var)
        g.names[name] = (
            var,
            "n" if kind in ("int", "num") else "any" if kind == "null" else kind,
            15 if kind == "int" else None,
        )
    missing = []
    for name in model.used_parameters:
        value = env0[name]
        if isinstance(value, Unavailable):
            # No value on this date: reading it leaves the generated code, and the ordinary
            # path raises ParameterMissing (a case that never reads it is decided here).
            missing.append(name)
            _, kind, digits = g.literal(model.parameters[name].values[-1].value)
            g.names[name] = (f"_MISSING({name!r})", kind, digits)
        else:
            g.names[name] = g.literal(value)
    if missing:
        g.ns["_MISSING"] = _missing_raiser(row_error)
    needed = list(model.decisions.values()) if single else model._needed([model.top])
    body: list[str] = []
    fallbacks = False
    for k, d in enumerate(needed):
        var = f"d{k}"
        lines: list[str] = []
        try:
            if d.coerce is not None:
                raise unsupported("typed decision")
            if isinstance(d.expression, Literal):
                expr_src, kind, digits = g.expr(_ast_of(d.expression.text, known))
                lines.append(f"{var} = {expr_src}")
            elif isinstance(d.expression, DecisionTable):
                kind, digits = _table(g, d.expression, var, lines, known, row_error)
            else:
                raise unsupported("expression kind")
        except (Unsupported, unsupported):
            fallbacks = True
            g.ns[f"F{k}"] = d.expression.evaluate
            lines = [f"{var} = F{k}(e)"]
            if d.coerce is not None:
                g.ns[f"C{k}"] = d.coerce
                lines.append(f"{var} = C{k}({var})")
            kind, digits = "any", None
        lines.append(f"e[{d.id!r}] = _N({var})" if fallbacks else "")
        body += [ln for ln in lines if ln]
        g.names[d.id] = (var, kind, digits)
    if fallbacks and missing:
        # An interpreted decision would read the stand-in without the ordinary path's check.
        raise unsupported("parameter without a value beside an interpreted decision")
    top_var = g.names[model.top][0]
    top = model.decisions[model.top]
    g.ns["TOP"] = model.top
    g.ns["BASE"] = env0
    g.ns["RowError"] = row_error
    g.ns["Mismatch"] = mismatch or row_error
    multi_top = isinstance(top.expression, DecisionTable) and len(top.expression.outputs) > 1
    if multi_top and not fallbacks:
        # The top table's context is built once, straight into the output list.
        body = [ln for ln in body if not ln.startswith(f"{top_var} = {{")]
        last = g.table_outputs[top_var]
        outs = ", ".join(
            f"{o.name!r}: {f'{top_var}_o{i}' if last[i] == 'strnone' else f'_N({top_var}_o{i})'}"
            for i, o in enumerate(cast(DecisionTable, top.expression).outputs)
        )
        result = "{" + outs + "}"
    else:
        result = f"(dict({top_var}) if type({top_var}) is dict else {{TOP: _N({top_var})}})"
    env_lines = []
    if fallbacks:
        env_lines.append("e = dict(BASE)")
        for name in model.inputs:
            env_lines.append(f"e[{name!r}] = _N({g.names[name][0]})")
    if single:
        checks = [
            f"    if not -{INT_LIMIT} < {v} < {INT_LIMIT}: raise RowError()"
            for name, (v, _, _) in g.names.items()
            if name in model.inputs and kinds[name] == "int" and v in g.arith_vars
        ]
        # The function reads the facts itself and checks their types, so a caller can try
        # it first and fall back when the facts are of other types than it was made for.
        type_of = {"int": "int", "num": "Decimal", "bool": "bool", "str": "str"}
        src = ["def one(facts):", "    get = facts.get"]
        guards = []
        for name, var in zip(model.inputs, arg_names, strict=True):
            src.append(f"    {var} = get({name!r})")
            if kinds[name] == "null":  # a fact not given: FEEL's null
                guards.append(f"{var} is not None")
            else:
                guards.append(f"type({var}) is not {type_of[kinds[name]]}")
        if guards:
            src.append(f"    if {' or '.join(guards)}: raise Mismatch()")
        src += checks
        src += ["    " + ln for ln in env_lines + body]
        values = []
        for d in needed:
            var = g.names[d.id][0]
            if d.id == model.top and multi_top and not fallbacks:
                values.append(f"{d.id!r}: r")
            else:
                values.append(f"{d.id!r}: _N({var})")
        if multi_top and not fallbacks:
            src.append(f"    r = {result}")
            src.append(f"    return dict(r), {{{', '.join(values)}}}")
        else:
            top_kind = g.names[model.top][1]
            conv = top_var if top_kind in ("str", "bool") else f"_N({top_var})"
            src.append(
                f"    if type({top_var}) is dict: return dict({top_var}), {{{', '.join(values)}}}"
            )
            src.append(f"    v = {conv}")
            vals = [
                f"{d.id!r}: v" if d.id == model.top else v
                for d, v in zip(needed, values, strict=True)
            ]
            src.append(f"    return {{TOP: v}}, {{{', '.join(vals)}}}")
    else:
        src = [
            f"def run({', '.join('C' + a for a in arg_names)}):",
            "    out = []",
            "    append = out.append",
        ]
        loop_vars = ", ".join(arg_names) + ("," if len(arg_names) == 1 else "")
        src.append(f"    for {loop_vars} in zip({', '.join('C' + a for a in arg_names)}):")
        src += ["        " + ln for ln in env_lines + body]
        src.append(f"        append({result})")
        src.append("    return out")
    code = "\n".join(src)
    exec(compile(code, f"<batch {model.id}>", "exec"), g.ns)  # noqa: S102 - our own generated code
    fn = g.ns["one" if single else "run"]
    fn.source = code
    fn.needs_context = g.needs_context or fallbacks
    return fn


def _table(
    g: Gen, t: DecisionTable, var: str, lines: list[str], known: list[str], row_error: type
) -> tuple[str, int | None]:
    if t.hit_policy not in ("FIRST", "UNIQUE"):
        raise g.unsupported("hit policy")
    g.ns["RowError"] = row_error
    ins = []
    for i, inp in enumerate(t.inputs):
        s, k, _ = g.expr(_ast_of(inp.text, known))
        if s.isidentifier():
            ins.append((s, k))  # a plain variable: test it where it is
            continue
        iv = f"{var}_i{i}"
        lines.append(f"{iv} = {s}")
        ins.append((iv, k))
    outs = [f"{var}_o{j}" for j in range(len(t.outputs))]
    rules = []
    for r in t.rules:
        conds = []
        for (iv, k), text in zip(ins, r.test_texts, strict=True):
            c = g.tests(iv, k, _ut_of(text, known))
            if c is not None:
                conds.append(c)
        values = [g.expr(_ast_of(text, known)) for text in r.output_texts]
        rules.append((" and ".join(conds) or "True", values))
    defaults = []
    for o in t.outputs:
        if o.default is None:
            defaults.append(("None", "any", None))
        else:
            g.ns[f"{var}_def_{o.name}"] = o.default
            defaults.append((f"{var}_def_{o.name}(BASE)", "any", None))
    if t.hit_policy == "FIRST":
        catch_all = next((n for n, (cond, _) in enumerate(rules) if cond == "True"), None)
        if catch_all is not None:
            # Rules after one that always matches are never reached, nor is the default.
            rules = rules[: catch_all + 1]
            defaults = []
        for n, (cond, values) in enumerate(rules):
            lines.append(f"{'if' if n == 0 else 'elif'} {cond}:")
            lines += [f"    {ov} = {s}" for ov, (s, _, _) in zip(outs, values, strict=True)]
        if defaults or not rules:
            defaults = defaults or [("None", "any", None)] * len(outs)
            lines.append("else:" if rules else "if True:")
            lines += [f"    {ov} = {s}" for ov, (s, _, _) in zip(outs, defaults, strict=True)]
    else:
        lines.append(f"{var}_h = False")
        for cond, values in rules:
            lines.append(f"if {cond}:")
            lines.append(f"    if {var}_h: raise RowError()")
            lines.append(f"    {var}_h = True")
            lines += [f"    {ov} = {s}" for ov, (s, _, _) in zip(outs, values, strict=True)]
        lines.append(f"if not {var}_h:")
        lines += [f"    {ov} = {s}" for ov, (s, _, _) in zip(outs, defaults, strict=True)]
    out_kinds = []
    for j in range(len(outs)):
        ks = {values[j][1] for _, values in rules} | ({defaults[j][1]} if defaults else set())
        if (
            ks <= {"str", "any"}
            and all(s == "None" or k == "str" for _, values in rules for s, k, _ in [values[j]])
            and (not defaults or defaults[j][0] == "None")
        ):
            out_kinds.append("strnone")
        else:
            out_kinds.append(ks.pop() if len(ks) == 1 else "any")
    g.table_outputs[var] = out_kinds
    if len(outs) == 1:
        lines.append(f"{var} = {outs[0]}")
        k0 = out_kinds[0]
        if k0 == "strnone":
            all_str = all(values[0][1] == "str" for _, values in rules) and (
                not defaults or defaults[0][1] == "str"
            )
            return ("str" if all_str else "any"), None
        return k0, None
    fields = ", ".join(
        f"{o.name!r}: {ov if k == 'strnone' else f'_N({ov})'}"
        for o, ov, k in zip(t.outputs, outs, out_kinds, strict=True)
    )
    lines.append(f"{var} = {{{fields}}}")
    return "any", None
