"""Reading composed YAML nodes with positions, and parsing the FEEL inside them.

Every error names the file, line and column of the node it comes from; a FEEL syntax error
points at the offending character inside the expression.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .errors import FeelSyntaxError, ModelError
from .feel import ast as A
from .feel.builtins import BUILTINS
from .feel.names import free_names
from .feel.parser import Trie, build_trie, parse_expression, parse_unary_tests

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
LANGS = ("sv", "en")
_BUILTIN_TRIE = build_trie(BUILTINS)

Map = dict[str, tuple[yaml.Node, yaml.Node]]


class YamlReader:
    trie: Trie
    all_decisions: set[str]

    def __init__(self, source: str) -> None:
        self.source = source

    # --- node helpers ------------------------------------------------------------------
    def error(self, node: yaml.Node | None, message: str) -> ModelError:
        if node is None:
            return ModelError(message, self.source, 1, 1)
        m = node.start_mark
        return ModelError(message, self.source, m.line + 1, m.column + 1)

    def mapping(self, node: yaml.Node, what: str, allowed: tuple[str, ...] = ()) -> Map:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"{what} must be a mapping (key: value)")
        out: Map = {}
        for k, v in node.value:
            key = self.scalar(k, "a key")
            if key in out:
                raise self.error(k, f"duplicate key {key!r} in {what}")
            if allowed and key not in allowed:
                raise self.error(
                    k, f"unknown key {key!r} in {what}; expected one of: {', '.join(allowed)}"
                )
            out[key] = (k, v)
        return out

    def seq(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, f"{what} must be a list")
        return list(node.value)

    def scalar(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(node, f"{what} must be a single value, not a list or mapping")
        return str(node.value)

    def req(self, m: Map, key: str, parent: yaml.Node, what: str) -> yaml.Node:
        if key not in m:
            raise self.error(parent, f"{what} is missing the required key {key!r}")
        return m[key][1]

    def texts(self, node: yaml.Node, what: str) -> dict[str, str]:
        m = self.mapping(node, what)
        for lang in LANGS:
            if lang not in m:
                raise self.error(node, f"{what} needs a text for {lang!r} (sv and en)")
        return {k: self.scalar(v, f"{what}.{k}") for k, (_, v) in m.items()}

    def feel_text(self, node: yaml.Node, what: str) -> str:
        text = self.scalar(node, what)
        if node.tag == "tag:yaml.org,2002:null" or text in ("~", ""):
            return "null" if isinstance(node, yaml.ScalarNode) and node.style is None else text
        return text

    def syntax_error(self, node: yaml.Node, what: str, e: FeelSyntaxError) -> ModelError:
        line, col = e.line_col
        m = node.start_mark
        style = getattr(node, "style", None)
        if style in ("|", ">"):
            # Block scalars start on the next line, indented.
            err = ModelError(
                f"{what}: {e.message}", self.source, m.line + 1 + line, m.column + 2 + col
            )
        elif line == 1:
            offset = 1 if style in ('"', "'") else 0
            err = ModelError(
                f"{what}: {e.message}", self.source, m.line + 1, m.column + offset + col
            )
        else:
            err = ModelError(f"{what}: {e.message}", self.source, m.line + line, col)
        err.message += f" in {e.expression!r}"
        err.args = (str(err),)
        return err

    # --- FEEL --------------------------------------------------------------------------
    def expr(self, node: yaml.Node, what: str, known: set[str]) -> tuple[str, A.Node]:
        text = self.feel_text(node, what)
        try:
            ast = parse_expression(text, [_BUILTIN_TRIE, self.trie])
        except FeelSyntaxError as e:
            raise self.syntax_error(node, what, e) from None
        self.check_names(node, what, ast, known)
        return text, ast

    def tests(self, node: yaml.Node, what: str, known: set[str]) -> tuple[str, A.UnaryTests]:
        text = self.feel_text(node, what)
        try:
            ast = parse_unary_tests(text, [_BUILTIN_TRIE, self.trie])
        except FeelSyntaxError as e:
            raise self.syntax_error(node, what, e) from None
        self.check_names(node, what, ast, known)
        return text, ast

    def check_names(self, node: yaml.Node, what: str, ast: Any, known: set[str]) -> None:
        for name in free_names(ast):
            if name not in known and name not in BUILTINS:
                later = " (it is defined later; decisions may only use earlier ones)"
                hint = later if name in self.all_decisions else ""
                raise self.error(node, f"{what}: unknown name {name!r}{hint}")

    # --- sections ----------------------------------------------------------------------
