"""String built-ins (DMN 1.5 §10.3.4.3).  Positions count Unicode code points from 1."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from .builtins import builtin
from .xsd_regex import compile_xsd


def _strs(*xs: Any) -> bool:
    return all(type(x) is str for x in xs)


def _regex(pattern: str, flags: Any) -> re.Pattern[str] | None:
    """The compiled XPath regular expression, or None (FEEL null) if it is invalid."""
    if flags is not None and type(flags) is not str:
        return None
    try:
        return compile_xsd(pattern, flags or "")
    except ValueError:
        return None


def _replacement(repl: str, groups: int, literal: bool) -> str | None:
    """An XPath replacement string (``$1``, ``\\$``, ``\\\\``) as a Python one."""
    if literal:
        return repl.replace("\\", "\\\\")
    out: list[str] = []
    i = 0
    while i < len(repl):
        c = repl[i]
        if c == "\\":
            if i + 1 >= len(repl) or repl[i + 1] not in "\\$":
                return None
            out.append("\\\\" if repl[i + 1] == "\\" else "$")
            i += 2
        elif c == "$":
            j = i + 1
            while (
                j < len(repl)
                and repl[j].isdigit()
                and (j == i + 1 or int(repl[i + 1 : j + 1]) <= groups)
            ):
                j += 1
            if j == i + 1:
                return None
            n = int(repl[i + 1 : j])
            out.append(f"\\g<{n}>" if n <= groups else "")
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


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
    return s[i : i + int(length)]  # a fractional length is truncated (TCK 1103)


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
    if rx.search("") is not None:
        return None  # XPath: a pattern that matches the empty string is an error
    py_repl = _replacement(repl, rx.groups, type(flags) is str and "q" in flags)
    return None if py_repl is None else rx.sub(py_repl, s)


@builtin("split", "string, delimiter")
def _split(s: Any, d: Any) -> Any:
    if not _strs(s, d):
        return None
    rx = _regex(d, None)
    if rx is None or rx.search("") is not None:
        return None
    # Groups in the delimiter must not add items, as Python's split would.
    return [s[a:b] for a, b in _pieces(rx, s)]


def _pieces(rx: re.Pattern[str], s: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in rx.finditer(s):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(s)))
    return out


@builtin("string join", "list, delimiter", min_args=1)
def _join(xs: Any, d: Any = None) -> Any:
    if type(xs) is str:
        xs = [xs]  # a single item where a list is expected is a list of one
    if type(xs) is not list or (d is not None and type(d) is not str):
        return None
    if any(x is not None and type(x) is not str for x in xs):
        return None
    return (d or "").join(x for x in xs if x is not None)
