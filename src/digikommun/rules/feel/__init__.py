"""FEEL (Friendly Enough Expression Language, DMN 1.5 chapter 10): parser, compiler, built-ins.

``evaluate(text, env)`` is a convenience for tests and tools; models parse each expression
once at load and keep the compiled closure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import FeelSyntaxError
from .builtins import BUILTINS
from .compiler import compile_expr, compile_tests
from .parser import TOO_DEEP, build_trie, parse_expression, parse_unary_tests
from .values import to_feel

_BUILTIN_TRIE = build_trie(BUILTINS)


def evaluate(text: str, env: Mapping[str, Any] | None = None) -> Any:
    """Parse, compile and evaluate one FEEL expression against ``env`` (Python values)."""
    env = {k: to_feel(v) for k, v in (env or {}).items()}
    ast = parse_expression(text, [_BUILTIN_TRIE, build_trie(env)])
    try:
        return compile_expr(ast)(env)
    except RecursionError:
        raise FeelSyntaxError(TOO_DEEP, text, 0) from None


__all__ = ["compile_expr", "compile_tests", "evaluate", "parse_expression", "parse_unary_tests"]
