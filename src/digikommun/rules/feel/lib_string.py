"""String built-ins (DMN 1.5 §10.3.4.3).  Positions count Unicode code points from 1."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from .builtins import builtin


def _strs(*xs: Any) -> bool:
    return all(type(x) is str for x in xs)


def _flags(flags: Any) -> int | None:
    if flags is None:
        return 0
    if type(flags) is not str:
        return None
    out = 0
    for f in flags:
        if f == "i":
            out |= re.IGNORECASE
        elif f == "s":
            out |= re.DOTALL
        elif f == "m":
            out |= re.MULTILINE
        elif f == "x":
            out |= re.VERBOSE
        elif f == "q":
            pass
        else:
            return None
    return out


def _regex(pattern: str, flags: Any) -> re.Pattern[str] | None:
    f = _flags(flags)
    if f is None:
        return None
    if type(flags) is str and "q" in flags:
        pattern = re.escape(pattern)
    # XPath regular expressions: \p{L} style classes are not in Python's re; the common
    # ones are translated, anything else that fails to compile gives null.
    pattern = pattern.replace(r"\p{L}", r"[^\W\d_]").replace(r"\p{N}", r"\d")
    try:
        return re.compile(pattern, f)
    except re.error:
        return None


@builtin("substring", "string, start position, length", min_args=2)
def _substring(s: Any, start: Any, length: Any = None) -> Any:
    if type(s) is not str or type(start) is not Decimal:
        return None
    n = len(s)
    st = int(start.to_integral_value())
    i = st - 1 if st > 0 else n + st
    i = max(i, 0)
    if length is None:
        return s[i:]
    if type(length) is not Decimal:
        return None
    return s[i : i + int(length.to_integral_value())]


@builtin("string length", "string")
def _string_length(s: Any) -> Any:
    return Decimal(len(s)) if type(s) is str else None


@builtin("upper case", "string")
def _upper(s: Any) -> Any:
    return s.upper() if type(s) is str else None


@builtin("lower case", "string")
def _lower(s: Any) -> Any:
    return s.lower() if type(s) is str else None


@builtin("substring before", "string, match")
def _before(s: Any, m: Any) -> Any:
    if not _strs(s, m):
        return None
    i = s.find(m)
    return s[:i] if i >= 0 else ""


@builtin("substring after", "string, match")
def _after(s: Any, m: Any) -> Any:
    if not _strs(s, m):
        return None
    i = s.find(m)
    return s[i + len(m) :] if i >= 0 else ""


@builtin("contains", "string, match")
def _contains(s: Any, m: Any) -> Any:
    return m in s if _strs(s, m) else None


@builtin("starts with", "string, match")
def _starts(s: Any, m: Any) -> Any:
    return s.startswith(m) if _strs(s, m) else None


@builtin("ends with", "string, match")
def _ends(s: Any, m: Any) -> Any:
    return s.endswith(m) if _strs(s, m) else None


@builtin("matches", "input, pattern, flags", min_args=2)
def _matches(s: Any, pattern: Any, flags: Any = None) -> Any:
    if not _strs(s, pattern):
        return None
    rx = _regex(pattern, flags)
    return None if rx is None else rx.search(s) is not None


@builtin("replace", "input, pattern, replacement, flags", min_args=3)
def _replace(s: Any, pattern: Any, repl: Any, flags: Any = None) -> Any:
    if not _strs(s, pattern, repl):
        return None
    rx = _regex(pattern, flags)
    if rx is None:
        return None
    # XPath writes group references as $1; Python as \g<1>.
    py_repl = re.sub(r"\$(\d+)", r"\\g<\1>", repl.replace("\\", "\\\\").replace("\\\\$", "$"))
    return rx.sub(py_repl, s)


@builtin("split", "string, delimiter")
def _split(s: Any, d: Any) -> Any:
    if not _strs(s, d):
        return None
    rx = _regex(d, None)
    return None if rx is None else rx.split(s)


@builtin("string join", "list, delimiter", min_args=1)
def _join(xs: Any, d: Any = None) -> Any:
    if type(xs) is not list or (d is not None and type(d) is not str):
        return None
    if any(x is not None and type(x) is not str for x in xs):
        return None
    return (d or "").join(x for x in xs if x is not None)
