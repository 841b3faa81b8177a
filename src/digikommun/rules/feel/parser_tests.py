"""Unary tests and type references: the parts of the FEEL grammar used by decision-table
cells (``< 5``, ``[1..5]``, ``not("a", "b")``, ``-``) and by ``instance of``."""

from __future__ import annotations

from typing import Any

from . import ast as A
from .lexer import EOF, NAME, OP
from .parser_base import TYPE_NAMES, TokenStream


class TestsMixin(TokenStream):
    expression: Any
    additive: Any

    def type_ref(self) -> A.TypeRef:
        name = None
        for cand in TYPE_NAMES:
            words = cand.split()
            if all(
                self.peek(k).kind == NAME and self.peek(k).text == w for k, w in enumerate(words)
            ):
                name = cand
                self.i += len(words)
                break
        if name is None:
            name = self.name("a type name")
        if name == "function" and self.accept("<"):
            args: list[A.TypeRef] = []
            if not self.at(">"):
                args.append(self.type_ref())
                while self.accept(","):
                    args.append(self.type_ref())
            self.expect(">")
            self.expect("->")
            return A.TypeRef("function", tuple(args), (), self.type_ref())
        if name in ("context",) and self.accept("<"):
            fields: list[tuple[str, A.TypeRef]] = []
            while True:
                k = self.name("a context type field")
                self.expect(":")
                fields.append((k, self.type_ref()))
                if not self.accept(","):
                    break
            self.expect(">")
            return A.TypeRef(name, (), tuple(fields))
        if name in ("list", "range") and self.accept("<"):
            arg = self.type_ref()
            self.expect(">")
            return A.TypeRef(name, (arg,))
        return A.TypeRef(name)

    def positive_test(self, operand: object = None) -> A.UCompare | A.URange | A.UExpr:
        t = self.tok
        sub = operand if callable(operand) else self.expression
        if t.kind == OP and t.text in ("<", "<=", ">", ">=", "=", "!="):
            self.i += 1
            return A.UCompare(t.text, self.additive())
        e = sub()
        if isinstance(e, A.RangeLit) and e.start is not None and e.end is not None and not e.op:
            return A.URange(e)
        return A.UExpr(e)

    def unary_tests(self) -> A.UnaryTests:
        if self.at("-") and self.peek().kind == EOF:
            self.i += 1
            return A.UnaryTests((), any=True)
        if self.at("not") and self.peek().text == "(" and self._not_wraps_all():
            self.i += 2
            tests = self._tests()
            self.expect(")", "')' to close not(...)")
            self.end()
            return A.UnaryTests(tests, negated=True)
        tests = self._tests()
        self.end()
        return A.UnaryTests(tests)

    def _not_wraps_all(self) -> bool:
        depth, j = 0, self.i + 1
        while j < len(self.toks):
            t = self.toks[j]
            if t.kind == OP and t.text in "([{":
                depth += 1
            elif t.kind == OP and t.text in ")]}":
                depth -= 1
                if depth == 0:
                    return self.toks[j + 1].kind == EOF
            j += 1
        return True

    def _tests(self) -> tuple[A.UCompare | A.URange | A.UExpr, ...]:
        tests = [self.positive_test()]
        while self.accept(","):
            tests.append(self.positive_test())
        return tuple(tests)
