"""A recursive-descent parser for FEEL expressions and unary tests (DMN 1.5 chapter 10).

Precedence, loosest first: if/for/some/every/function, or, and, comparison (= != < <= > >=
between in), instance of, + -, * /, **, unary -, then filter/path/invocation.

Names may contain spaces and even keywords or operators (``date and time``, ``Loan - Fee``);
FEEL resolves them against the names in scope, so the parser is given the known names and
matches the longest one at each position.  Adjacent plain words that match nothing known
are joined too, because two names in a row are never valid FEEL otherwise.
"""

from __future__ import annotations

from decimal import Decimal

from ..errors import FeelSyntaxError
from . import ast as A
from .lexer import EOF, NAME, NUMBER, OP, STRING
from .parser_base import (  # noqa: F401 - re-exported for the rest of the engine
    KEYWORDS,
    TYPE_NAMES,
    _copy_trie,
    add_name,
)
from .parser_base import (
    Trie as Trie,
)
from .parser_base import (
    build_trie as build_trie,
)
from .parser_tests import TestsMixin

_TWO_WORD_PROPERTIES = {("time", "offset"), ("start", "included"), ("end", "included")}


class Parser(TestsMixin):
    def expression(self) -> A.Node:
        return self.disjunction()

    def disjunction(self) -> A.Node:
        left = self.conjunction()
        while self.accept("or"):
            left = A.Or(left, self.conjunction())
        return left

    def conjunction(self) -> A.Node:
        left = self.comparison()
        while self.accept("and"):
            left = A.And(left, self.comparison())
        return left

    def comparison(self) -> A.Node:
        left = self.instance_of()
        while True:
            t = self.tok
            if t.kind == OP and t.text in ("=", "!=", "<", "<=", ">", ">="):
                self.i += 1
                left = A.Compare(t.text, left, self.instance_of())
            elif self.accept("between"):
                low = self.instance_of()
                self.expect("and", "'and' in 'between ... and ...'")
                left = A.Between(left, low, self.instance_of())
            elif self.accept("in"):
                left = A.In(left, self.in_tests())
            else:
                return left

    def in_tests(self) -> A.UnaryTests:
        if self.at("(") and not self._paren_is_range():
            self.i += 1
            tests = [self.positive_test(self.instance_of)]
            while self.accept(","):
                tests.append(self.positive_test(self.instance_of))
            self.expect(")", "',' or ')'")
            return A.UnaryTests(tuple(tests))
        return A.UnaryTests((self.positive_test(self.instance_of),))

    def _paren_is_range(self) -> bool:
        # ``(1..5)`` is a range; ``(1, 2)`` and ``(x)`` are lists of tests.
        depth, j = 0, self.i
        while j < len(self.toks):
            t = self.toks[j]
            if t.kind == OP and t.text in "([{":
                depth += 1
            elif t.kind == OP and t.text in ")]}":
                depth -= 1
                if depth == 0:
                    return False
            elif t.kind == OP and t.text == ".." and depth == 1:
                return True
            elif t.kind == OP and t.text == "," and depth == 1:
                return False
            elif t.kind == EOF:
                return False
            j += 1
        return False

    def instance_of(self) -> A.Node:
        left = self.additive()
        while self.at("instance") and self.peek().text == "of":
            self.i += 2
            left = A.InstanceOf(left, self.type_ref())
        return left

    def additive(self) -> A.Node:
        left = self.multiplicative()
        while self.tok.kind == OP and self.tok.text in ("+", "-"):
            op = self.tok.text
            self.i += 1
            left = A.BinOp(op, left, self.multiplicative())
        return left

    def multiplicative(self) -> A.Node:
        left = self.power()
        while self.tok.kind == OP and self.tok.text in ("*", "/"):
            op = self.tok.text
            self.i += 1
            left = A.BinOp(op, left, self.power())
        return left

    def power(self) -> A.Node:
        left = self.unary()
        while self.accept("**"):
            left = A.BinOp("**", left, self.unary())
        return left

    def unary(self) -> A.Node:
        if self.tok.kind == OP and self.tok.text == "-":
            self.i += 1
            return A.Neg(self.unary())
        return self.postfix()

    def postfix(self) -> A.Node:
        node = self.primary()
        while True:
            nxt = self.peek()
            # ``]1..5[`` ends a range with '[': a '[' with nothing after it is not a filter.
            ends = nxt.kind == EOF or (nxt.kind == OP and nxt.text in (",", ")", "]", ".", "}"))
            if self.at("[") and not ends:
                self.i += 1
                cond = self.expression()
                self.expect("]", "']' to close the filter")
                node = A.Filter(node, cond)
            elif self.at("."):
                self.i += 1
                t = self.tok
                if t.kind != NAME:
                    self.fail("expected a name after '.'")
                two = (t.text, self.peek().text)
                if two in _TWO_WORD_PROPERTIES:
                    # ``time offset``, ``start included``: properties (DMN 1.5 Tables 68
                    # and 70), whatever names in scope begin with the same word.
                    self.i += 2
                    node = A.Path(node, " ".join(two))
                    continue
                known = self.match_known()
                if known is not None:
                    self.i += known[1]
                    node = A.Path(node, known[0])
                else:
                    node = A.Path(node, self._words())
            elif self.at("("):
                node = self.call(node)
            else:
                return node

    def call(self, func: A.Node) -> A.Node:
        self.expect("(")
        if self.accept(")"):
            return A.Call(func, ())
        j = self.i
        while self.toks[j].kind == NAME:
            j += 1
        if j > self.i and self.toks[j].kind == OP and self.toks[j].text == ":":
            named: list[tuple[str, A.Node]] = []
            while True:
                t = self.tok
                if t.kind != NAME:
                    self.fail("expected a parameter name")
                pname = self._words()
                self.expect(":", "':' after the parameter name")
                named.append((pname, self.expression()))
                if not self.accept(","):
                    break
            self.expect(")", "',' or ')' in the argument list")
            return A.Call(func, (), tuple(named))
        args = [self.expression()]
        while self.accept(","):
            args.append(self.expression())
        self.expect(")", "',' or ')' in the argument list")
        return A.Call(func, tuple(args))

    def primary(self) -> A.Node:  # noqa: C901 - one branch per kind of primary
        t = self.tok
        if t.kind == NUMBER:
            self.i += 1
            return A.Num(Decimal(t.text))
        if t.kind == STRING:
            self.i += 1
            return A.Str(t.text)
        if t.kind == OP:
            if t.text == "(":
                self.i += 1
                e = self.expression()
                if self.accept(".."):
                    return self.range_rest(e, False)
                self.expect(")", "')'")
                return e
            if t.text == "[":
                self.i += 1
                if self.accept("]"):
                    return A.ListLit(())
                first = self.expression()
                if self.accept(".."):
                    return self.range_rest(first, True)
                items = [first]
                while self.accept(","):
                    items.append(self.expression())
                self.expect("]", "',' or ']' in the list")
                return A.ListLit(tuple(items))
            if t.text == "]":
                self.i += 1
                start = self.expression()
                self.expect("..", "'..' in the range")
                return self.range_rest(start, False)
            if t.text == "{":
                return self.context()
            if t.text == "@":
                self.i += 1
                if self.tok.kind != STRING:
                    self.fail("expected a string after '@'")
                s = self.tok.text
                self.i += 1
                return A.At(s)
            if t.text == "?":
                self.i += 1
                return A.Name("?")
            if t.text in ("=", "!="):
                # DMN 1.5 §10.3.2.7: ``(=10)`` and ``(!=10)`` are range values too.
                self.i += 1
                v = self.additive()
                return A.RangeLit(v, v, t.text == "=", t.text == "=", t.text)
            if t.text in ("<", "<=", ">", ">="):
                # A unary comparison used as a range value: ``< 5`` is ``(null..5)``.
                self.i += 1
                v = self.additive()
                # ``op`` marks the unary form: ``(< 10)`` is not equal to ``(null..10)``.
                if t.text[0] == "<":
                    return A.RangeLit(None, v, False, t.text == "<=", t.text)
                return A.RangeLit(v, None, t.text == ">=", False, t.text)
            self.fail("expected an expression")
        if t.kind == NAME:
            w = t.text
            if w == "true" or w == "false":
                self.i += 1
                return A.Bool(w == "true")
            if w == "null":
                self.i += 1
                return A.Null()
            if w == "if":
                return self.if_expr()
            if w in ("for", "some", "every") and self.peek().kind == NAME:
                return self.loop(w)
            if w == "function" and self.peek().text == "(":
                return self.funcdef()
            return A.Name(self.name())
        self.fail("expected an expression")
        raise AssertionError  # unreachable; fail() raises

    def range_rest(self, start: A.Node, start_included: bool) -> A.Node:
        end = self.expression()
        if self.accept("]"):
            return A.RangeLit(start, end, start_included, True)
        if self.accept(")") or self.accept("["):
            return A.RangeLit(start, end, start_included, False)
        self.fail("expected ']', ')' or '[' to close the range")
        raise AssertionError

    def context(self) -> A.Node:
        self.expect("{")
        entries: list[tuple[str, A.Node]] = []
        saved = self.local
        self.local = _copy_trie(saved)
        if not self.accept("}"):
            while True:
                t = self.tok
                if t.kind == STRING:
                    key = t.text
                    self.i += 1
                else:
                    key = self._context_key()
                self.expect(":", "':' after the context key")
                entries.append((key, self.expression()))
                self.declare(key)
                if not self.accept(","):
                    break
            self.expect("}", "',' or '}' in the context")
        self.local = saved
        return A.ContextLit(tuple(entries))

    def _context_key(self) -> str:
        first = self.tok
        if first.kind not in (NAME, NUMBER) and not (first.kind == OP and first.text == "?"):
            self.fail("expected a context key")
        last = first
        while not (self.tok.kind == OP and self.tok.text == ":") and self.tok.kind != EOF:
            last = self.tok
            self.i += 1
        return " ".join(self.text[first.pos : last.end].split())

    def if_expr(self) -> A.Node:
        self.expect("if")
        cond = self.expression()
        self.expect("then", "'then'")
        then = self.expression()
        self.expect("else", "'else'")
        return A.If(cond, then, self.expression())

    def loop(self, kind: str) -> A.Node:
        self.i += 1
        saved = self.local
        self.local = _copy_trie(saved)
        its: list[A.Iteration] = []
        while True:
            name = self.name("a variable name")
            self.expect("in", "'in'")
            src = self.expression()
            end = self.expression() if self.accept("..") else None
            its.append(A.Iteration(name, src, end))
            self.declare(name)
            if not self.accept(","):
                break
        if kind == "for":
            self.expect("return", "'return'")
            body = self.expression()
            node: A.Node = A.For(tuple(its), body)
        else:
            self.expect("satisfies", "'satisfies'")
            node = A.Quantified(kind, tuple(its), self.expression())
        self.local = saved
        return node

    def funcdef(self) -> A.Node:
        self.expect("function")
        self.expect("(")
        params: list[tuple[str, A.TypeRef | None]] = []
        saved = self.local
        self.local = _copy_trie(saved)
        if not self.accept(")"):
            while True:
                pname = self.name("a parameter name")
                ptype = self.type_ref() if self.accept(":") else None
                params.append((pname, ptype))
                self.declare(pname)
                if not self.accept(","):
                    break
            self.expect(")", "',' or ')' in the parameter list")
        external = self.accept("external")
        body = self.expression()
        self.local = saved
        return A.FuncDef(tuple(params), body, external)

    # --- unary tests -----------------------------------------------------------------


TOO_DEEP = "the expression is nested too deeply"


def parse_expression(text: str, tries: list[Trie] | None = None) -> A.Node:
    p = Parser(text, tries or [])
    if p.tok.kind == EOF:
        p.fail("expected an expression")
    try:
        node = p.expression()
    except RecursionError:
        raise FeelSyntaxError(TOO_DEEP, text, p.tok.pos) from None
    p.end()
    return node


def parse_unary_tests(text: str, tries: list[Trie] | None = None) -> A.UnaryTests:
    p = Parser(text, tries or [])
    if p.tok.kind == EOF:
        p.fail("expected a unary test")
    try:
        return p.unary_tests()
    except RecursionError:
        raise FeelSyntaxError(TOO_DEEP, text, p.tok.pos) from None
