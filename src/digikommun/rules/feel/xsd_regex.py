"""XML Schema / XPath regular expressions (the flavour FEEL's ``matches``, ``replace`` and
``split`` use, DMN 1.5 §10.3.4.3 citing XPath F&O 3.1 §5.6) translated to Python ``re``.

Where the two flavours differ the XPath meaning wins: ``\\s`` is only space, tab, CR and LF;
``.`` does not match CR unless the ``s`` flag is given; ``$`` without the ``m`` flag is the
end of the input only; ``x`` strips whitespace outside character classes (``#`` is not a
comment); ``\\p{Lu}`` and ``\\p{IsBasicLatin}`` are Unicode categories and blocks; character
class subtraction ``[A-Z-[OI]]`` works.  Syntax XPath forbids (``\\b``, ``(?i)``, a back
reference inside a class or to a group not yet closed) raises ``ValueError``; the callers
turn that into null, as FEEL requires.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

_SINGLE = {
    "n": "\\n", "r": "\\r", "t": "\\t", "\\": "\\\\", "|": "\\|", ".": "\\.", "-": "\\-",
    "^": "\\^", "?": "\\?", "*": "\\*", "+": "\\+", "{": "\\{", "}": "\\}", "(": "\\(",
    ")": "\\)", "[": "\\[", "]": "\\]", "$": "\\$",
}  # fmt: skip
# Multi-character escapes as class contents (without brackets) and their complements.
_MULTI_IN = {
    "s": " \\t\\n\\r",
    "d": "\\d",
    "w": "\\w",
    "i": "_:A-Za-z\\u00C0-\\u02FF\\u0370-\\u1FFF\\u200C-\\uD7FF\\uF900-\\uFFFD",
    "c": "\\-.0-9_:A-Za-z\\u00B7\\u00C0-\\u02FF\\u0300-\\u1FFF\\u200C-\\uD7FF\\uF900-\\uFFFD",
}
_BLOCKS = {
    "BasicLatin": (0x0000, 0x007F),
    "Latin-1Supplement": (0x0080, 0x00FF),
    "LatinExtended-A": (0x0100, 0x017F),
    "LatinExtended-B": (0x0180, 0x024F),
    "Greek": (0x0370, 0x03FF),
    "GreekandCoptic": (0x0370, 0x03FF),
    "Cyrillic": (0x0400, 0x04FF),
    "Hebrew": (0x0590, 0x05FF),
    "Arabic": (0x0600, 0x06FF),
    "GeneralPunctuation": (0x2000, 0x206F),
    "CurrencySymbols": (0x20A0, 0x20CF),
    "Hiragana": (0x3040, 0x309F),
    "Katakana": (0x30A0, 0x30FF),
    "CJKUnifiedIdeographs": (0x4E00, 0x9FFF),
}


@lru_cache(maxsize=64)
def _category(cat: str) -> str:
    """Class contents (ranges) for a Unicode general category such as ``L`` or ``Nd``."""
    parts: list[str] = []
    start = prev = -2
    for cp in range(sys.maxunicode + 1):
        if unicodedata.category(chr(cp)).startswith(cat):
            if cp != prev + 1:
                if start >= 0:
                    parts.append(_span(start, prev))
                start = cp
            prev = cp
    if start >= 0:
        parts.append(_span(start, prev))
    if not parts:
        raise ValueError(f"unknown category {cat}")
    return "".join(parts)


def _span(a: int, b: int) -> str:
    return f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}"


def _property(name: str) -> str:
    if name.startswith("Is"):
        block = _BLOCKS.get(name[2:])
        if block is None:
            raise ValueError(f"unknown block {name}")
        return _span(*block)
    if not re.fullmatch(r"[LMNPZSC][a-z]?", name):
        raise ValueError(f"unknown property {name}")
    return _category(name)


class _Translator:
    def __init__(self, pattern: str, flags: str) -> None:
        if "x" in flags:
            pattern = _strip_spaces(pattern)
        self.p = pattern
        self.i = 0
        self.dotall = "s" in flags
        self.multiline = "m" in flags
        self.groups = 0
        self.closed: set[int] = set()

    def translate(self) -> str:
        out: list[str] = []
        p = self.p
        stack: list[int] = []
        while self.i < len(p):
            c = p[self.i]
            if c == "\\":
                out.append(self.escape(in_class=False))
                continue
            if c == "[":
                out.append(self.char_class())
                continue
            self.i += 1
            if c == ".":
                out.append("." if self.dotall else "[^\\n\\r]")
            elif c == "$":
                out.append("$" if self.multiline else "(?!\\n)\\Z")
            elif c == "(":
                if p.startswith("?:", self.i):
                    self.i += 2
                    stack.append(0)
                    out.append("(?:")
                elif p.startswith("?", self.i):
                    raise ValueError("(? is not XPath syntax")
                else:
                    self.groups += 1
                    stack.append(self.groups)
                    out.append("(")
            elif c == ")":
                if not stack:
                    raise ValueError("unbalanced ')'")
                g = stack.pop()
                if g:
                    self.closed.add(g)
                out.append(")")
            elif c in "]}":
                raise ValueError(f"unescaped {c!r}")
            elif c == "{":
                m = re.match(r"(\d+)(,(\d*))?\}", p[self.i :])
                if m is None:
                    raise ValueError("bad quantifier")
                self.i += m.end()
                out.append("{" + m.group(0))
            else:
                out.append(re.escape(c) if c not in "^|?*+" else c)
        if stack:
            raise ValueError("unbalanced '('")
        return "".join(out)

    def escape(self, *, in_class: bool) -> str:
        p = self.p
        if self.i + 1 >= len(p):
            raise ValueError("trailing backslash")
        e = p[self.i + 1]
        self.i += 2
        if e in _SINGLE:
            return _SINGLE[e]
        if e in _MULTI_IN:
            body = _MULTI_IN[e]
            return body if in_class else f"[{body}]"
        if e in "SDWIC":
            body = _MULTI_IN[e.lower()]
            if in_class:
                if e == "D":
                    return "\\D"
                if e == "W":
                    return "\\W"
                raise ValueError("negated escape inside a class is not supported")
            return f"[^{body}]"
        if e in "pP":
            m = re.match(r"\{([^}]*)\}", p[self.i :])
            if m is None:
                raise ValueError("bad \\p escape")
            self.i += m.end()
            body = _property(m.group(1))
            if in_class:
                if e == "P":
                    raise ValueError("\\P inside a class is not supported")
                return body
            return f"[{'^' if e == 'P' else ''}{body}]"
        if e.isdigit() and e != "0" and not in_class:
            # A back reference takes as many digits as make a closed group number.
            num = e
            while self.i < len(p) and p[self.i].isdigit() and int(num + p[self.i]) in self.closed:
                num += p[self.i]
                self.i += 1
            if int(num) not in self.closed:
                raise ValueError(f"back reference \\{num} to no closed group")
            return f"(?:\\{num})"
        raise ValueError(f"unknown escape \\{e}")

    def char_class(self) -> str:
        p = self.p
        self.i += 1
        neg = p.startswith("^", self.i)
        if neg:
            self.i += 1
        items: list[str] = []
        first = True
        while True:
            if self.i >= len(p):
                raise ValueError("unterminated class")
            c = p[self.i]
            if c == "]" and not first:
                self.i += 1
                break
            if c == "-" and p.startswith("-[", self.i):
                self.i += 1
                sub = self.char_class()
                if not p.startswith("]", self.i):
                    raise ValueError("subtraction must end the class")
                self.i += 1
                base = f"[{'^' if neg else ''}{''.join(items)}]"
                return f"(?:(?!{sub}){base})"
            if c == "\\":
                items.append(self.escape(in_class=True))
            elif c == "[":
                raise ValueError("'[' inside a class")
            else:
                # Python warns about (future) set operations written with these.
                items.append("\\" + c if c in "&|~[" else c)
                self.i += 1
            first = False
        if not items:
            raise ValueError("empty class")
        return f"[{'^' if neg else ''}{''.join(items)}]"


def _strip_spaces(pattern: str) -> str:
    out: list[str] = []
    depth = 0
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt in " \t\n\r":  # an escaped space is removed like any other whitespace
                out.append("\\")
                i += 1
                continue
            out.append(c + nxt)
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]" and depth:
            depth -= 1
        if c in " \t\n\r" and depth == 0:
            i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


@lru_cache(maxsize=256)
def compile_xsd(pattern: str, flags: str = "") -> re.Pattern[str]:
    """The Python pattern for an XPath regular expression; ValueError if it is invalid."""
    if any(f not in "smixq" for f in flags):
        raise ValueError(f"unknown flags {flags!r}")
    py_flags = re.IGNORECASE if "i" in flags else 0
    if "q" in flags:
        return re.compile(re.escape(pattern), py_flags)
    body = _Translator(pattern, flags).translate()
    if "m" in flags:
        py_flags |= re.MULTILINE
    try:
        return re.compile(body, py_flags)
    except re.error as e:
        raise ValueError(str(e)) from None
