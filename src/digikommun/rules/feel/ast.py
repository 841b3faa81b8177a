"""The FEEL abstract syntax tree, and a printer that turns it back into FEEL text.

Nodes are frozen dataclasses so two parses of the same text compare equal, which the
round-trip property test relies on.  ``unparse`` parenthesises every compound operand:
the output is not pretty, but it always parses back to the same tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .values import number_str


@dataclass(frozen=True, slots=True)
class Num:
    value: Decimal


@dataclass(frozen=True, slots=True)
class Str:
    value: str


@dataclass(frozen=True, slots=True)
class Bool:
    value: bool


@dataclass(frozen=True, slots=True)
class Null:
    pass


@dataclass(frozen=True, slots=True)
class Name:
    name: str


@dataclass(frozen=True, slots=True)
class At:
    """``@"2019-01-01"``: a temporal literal."""

    text: str


@dataclass(frozen=True, slots=True)
class Neg:
    operand: Node


@dataclass(frozen=True, slots=True)
class BinOp:
    op: str  # + - * / **
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Compare:
    op: str  # = != < <= > >=
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class And:
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Or:
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class If:
    cond: Node
    then: Node
    else_: Node


@dataclass(frozen=True, slots=True)
class Iteration:
    name: str
    source: Node
    end: Node | None = None  # ``for i in 1..3``


@dataclass(frozen=True, slots=True)
class For:
    iterations: tuple[Iteration, ...]
    body: Node


@dataclass(frozen=True, slots=True)
class Quantified:
    kind: str  # some | every
    iterations: tuple[Iteration, ...]
    cond: Node


@dataclass(frozen=True, slots=True)
class Between:
    value: Node
    low: Node
    high: Node


@dataclass(frozen=True, slots=True)
class In:
    value: Node
    tests: UnaryTests


@dataclass(frozen=True, slots=True)
class TypeRef:
    """A FEEL type: ``number``, ``list<string>``, ``context<a: number>``, ``function<..>->..``."""

    name: str
    args: tuple[TypeRef, ...] = ()
    fields: tuple[tuple[str, TypeRef], ...] = ()
    result: TypeRef | None = None
    # A DMN item definition's test (set by the DMN loader for names like ``tPerson``).
    item: Any = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class InstanceOf:
    value: Node
    type: TypeRef


@dataclass(frozen=True, slots=True)
class Filter:
    base: Node
    cond: Node


@dataclass(frozen=True, slots=True)
class Path:
    base: Node
    name: str


@dataclass(frozen=True, slots=True)
class Call:
    func: Node
    args: tuple[Node, ...]
    named: tuple[tuple[str, Node], ...] | None = None


@dataclass(frozen=True, slots=True)
class ListLit:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class ContextLit:
    entries: tuple[tuple[str, Node], ...]


@dataclass(frozen=True, slots=True)
class RangeLit:
    start: Node | None
    end: Node | None
    start_included: bool
    end_included: bool
    op: str = ""  # "=" or "!=" for the DMN 1.5 unary forms ``(=10)``, ``(!=10)``


@dataclass(frozen=True, slots=True)
class FuncDef:
    params: tuple[tuple[str, TypeRef | None], ...]
    body: Node
    external: bool = False


# --- unary tests ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UCompare:
    """``< 5``, ``>= x``, ``= 3``, ``!= "a"``."""

    op: str
    operand: Node


@dataclass(frozen=True, slots=True)
class URange:
    range: RangeLit


@dataclass(frozen=True, slots=True)
class UExpr:
    """A plain expression: equal to the input, contained in it, or true with ``?`` bound."""

    expr: Node


@dataclass(frozen=True, slots=True)
class UnaryTests:
    tests: tuple[UCompare | URange | UExpr, ...]
    negated: bool = False
    any: bool = False  # ``-``


Node = (
    Num
    | Str
    | Bool
    | Null
    | Name
    | At
    | Neg
    | BinOp
    | Compare
    | And
    | Or
    | If
    | For
    | Quantified
    | Between
    | In
    | InstanceOf
    | Filter
    | Path
    | Call
    | ListLit
    | ContextLit
    | RangeLit
    | FuncDef
)


def _str_lit(s: str) -> str:
    out = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    out = out.replace("\r", "\\r").replace("\t", "\\t")
    return '"' + out + '"'


def _name(n: str) -> str:
    return n


def unparse_type(t: TypeRef) -> str:
    if t.name == "function":
        args = ", ".join(unparse_type(a) for a in t.args)
        res = unparse_type(t.result) if t.result else "Any"
        return f"function<{args}>->{res}"
    if t.fields:
        inner = ", ".join(f"{k}: {unparse_type(v)}" for k, v in t.fields)
        return f"{t.name}<{inner}>"
    if t.args:
        return f"{t.name}<{', '.join(unparse_type(a) for a in t.args)}>"
    return t.name


def unparse(n: Node | UnaryTests) -> str:  # noqa: C901 - one branch per node type
    """FEEL text for a node; parsing it gives back an equal node."""
    p = _paren
    match n:
        case Num(v):
            s = number_str(v)
            return s if v >= 0 else f"({s})"
        case Str(v):
            return _str_lit(v)
        case Bool(v):
            return "true" if v else "false"
        case Null():
            return "null"
        case Name(name):
            return _name(name)
        case At(text):
            return "@" + _str_lit(text)
        case Neg(x):
            return f"-{p(x)}"
        case BinOp(op, a, b) | Compare(op, a, b):
            return f"{p(a)} {op} {p(b)}"
        case And(a, b):
            return f"{p(a)} and {p(b)}"
        case Or(a, b):
            return f"{p(a)} or {p(b)}"
        case If(c, t, e):
            return f"if {p(c)} then {p(t)} else {p(e)}"
        case For(its, body):
            return f"for {_iters(its)} return {p(body)}"
        case Quantified(kind, its, cond):
            return f"{kind} {_iters(its)} satisfies {p(cond)}"
        case Between(v, lo, hi):
            return f"{p(v)} between {p(lo)} and {p(hi)}"
        case In(v, tests):
            return f"{p(v)} in ({unparse(tests)})"
        case InstanceOf(v, t):
            return f"{p(v)} instance of {unparse_type(t)}"
        case Filter(b, c):
            return f"{p(b)}[{unparse(c)}]"
        case Path(b, name):
            return f"{p(b)}.{_name(name)}"
        case Call(f, args, named):
            if named is not None:
                inner = ", ".join(f"{k}: {unparse(v)}" for k, v in named)
            else:
                inner = ", ".join(unparse(a) for a in args)
            return f"{p(f)}({inner})"
        case ListLit(items):
            return "[" + ", ".join(unparse(i) for i in items) + "]"
        case ContextLit(entries):
            return "{" + ", ".join(f"{_str_lit(k)}: {unparse(v)}" for k, v in entries) + "}"
        case RangeLit(s, e, si, ei, op) if op:
            return f"{op} {p(s if s is not None else e)}"  # type: ignore[arg-type]
        case RangeLit(s, e, si, ei):
            if s is None:
                return ("<= " if ei else "< ") + p(e)  # type: ignore[arg-type, operator]
            if e is None:
                return (">= " if si else "> ") + p(s)
            return ("[" if si else "(") + f"{p(s)}..{p(e)}" + ("]" if ei else ")")
        case FuncDef(params, body, external):
            ps = ", ".join(k + (f": {unparse_type(t)}" if t else "") for k, t in params)
            return f"function({ps}) " + ("external " if external else "") + p(body)
        case UnaryTests(tests, negated, any_):
            if any_:
                return "-"
            inner = ", ".join(_unparse_test(t) for t in tests)
            return f"not({inner})" if negated else inner
    raise TypeError(f"cannot unparse {n!r}")


def _unparse_test(t: UCompare | URange | UExpr) -> str:
    match t:
        case UCompare(op, x):
            return f"{op} {_paren(x)}"
        case URange(r):
            return unparse(r)
        case UExpr(x):
            return _paren(x)
    raise TypeError(t)


def _iters(its: tuple[Iteration, ...]) -> str:
    parts = []
    for it in its:
        src = _paren(it.source)
        if it.end is not None:
            src += ".." + _paren(it.end)
        parts.append(f"{_name(it.name)} in {src}")
    return ", ".join(parts)


_ATOMS = (Num, Str, Bool, Null, Name, At, ListLit, ContextLit, Call, Path, Filter)


def _paren(n: Node) -> str:
    if isinstance(n, Num) and n.value < 0:
        return unparse(n)
    if isinstance(n, _ATOMS):
        return unparse(n)
    if isinstance(n, RangeLit) and n.start is not None and n.end is not None:
        return unparse(n)
    return "(" + unparse(n) + ")"
