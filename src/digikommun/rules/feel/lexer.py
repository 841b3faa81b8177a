"""Split FEEL text into tokens.

Names are lexed word by word; the parser joins words into names with spaces (and names
that contain keywords or operators, such as ``date and time``) using the names in scope,
as the FEEL name-resolution rule requires.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import FeelSyntaxError

NUMBER, STRING, NAME, OP, EOF = "number", "string", "name", "op", "eof"

# Longest first so ``**`` wins over ``*`` and ``..`` over ``.``.
_OPS = ("**", "..", "<=", ">=", "!=", "->") + tuple("+-*/=<>()[]{},.:@?'")

_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r", "'": "'", "b": "\b"}


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    text: str  # for STRING: the decoded value
    pos: int
    end: int
    space_before: bool = False


def _digit(c: str) -> bool:
    return "0" <= c <= "9"


# DMN 1.5 grammar rule 28 (name start char): beside letters, whole blocks of code points,
# among them everything beyond the BMP (emoji such as U+1F40E).
_NAME_BLOCKS = (
    (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x2FF), (0x370, 0x37D), (0x37F, 0x1FFF),
    (0x200C, 0x200D), (0x2070, 0x218F), (0x2C00, 0x2FEF), (0x3001, 0xD7FF),
    (0xF900, 0xFDCF), (0xFDF0, 0xFFFD), (0x10000, 0xEFFFF),
)  # fmt: skip


def _in_blocks(c: str) -> bool:
    o = ord(c)
    return o >= 0xC0 and any(a <= o <= b for a, b in _NAME_BLOCKS)


def _name_start(c: str) -> bool:
    return c.isalpha() or c == "_" or c == "$" or _in_blocks(c)


def _name_part(c: str) -> bool:
    return (
        c.isalnum() or c == "_" or c == "$" or c in "\u00b7\u0300\u0301\u0302\u0308"
        or _in_blocks(c) or 0x203F <= ord(c) <= 0x2040
    )  # fmt: skip


def tokenize(text: str) -> list[Token]:  # noqa: C901 - a lexer is one loop of cases
    toks: list[Token] = []
    i, n = 0, len(text)
    space = False
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            space = True
            continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            space = True
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                raise FeelSyntaxError("unterminated comment", text, i)
            i = j + 2
            space = True
            continue
        start = i
        if _digit(c) or (c == "." and i + 1 < n and _digit(text[i + 1])):
            while i < n and _digit(text[i]):
                i += 1
            if i + 1 < n and text[i] == "." and _digit(text[i + 1]):
                i += 1
                while i < n and _digit(text[i]):
                    i += 1
            # Exponent (DMN 1.4+ allows 1.2e3).
            if i < n and text[i] in "eE":
                j = i + 1
                if j < n and text[j] in "+-":
                    j += 1
                if j < n and _digit(text[j]):
                    while j < n and _digit(text[j]):
                        j += 1
                    i = j
            lit = text[start:i]
            if ("e" in lit or "E" in lit) and abs(int(lit.lower().split("e")[1])) > 6144:
                # Beyond DECIMAL128's exponent range; also keeps int() of it cheap.
                raise FeelSyntaxError("number out of range", text, start)
            toks.append(Token(NUMBER, lit, start, i, space))
        elif c == '"':
            i += 1
            buf: list[str] = []
            while True:
                if i >= n:
                    raise FeelSyntaxError("unterminated string, expected '\"'", text, start)
                ch = text[i]
                if ch == '"':
                    i += 1
                    break
                if ch == "\\":
                    if i + 1 >= n:
                        raise FeelSyntaxError("unterminated string escape", text, i)
                    e = text[i + 1]
                    if e in _ESCAPES:
                        buf.append(_ESCAPES[e])
                        i += 2
                    elif e == "u" and text[i + 2 : i + 6].isalnum() and len(text) >= i + 6:
                        code = _hex(text, i + 2, 4)
                        i += 6
                        # Surrogate pairs written as two \u escapes become one character.
                        if 0xD800 <= code <= 0xDBFF and text.startswith("\\u", i):
                            low = _hex(text, i + 2, 4)
                            if 0xDC00 <= low <= 0xDFFF:
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                                i += 6
                        buf.append(chr(code))
                    elif e == "U":
                        code = _hex(text, i + 2, 6)
                        buf.append(chr(code))
                        i += 8
                    else:
                        # Not a FEEL escape: keep the backslash, so regular expressions
                        # written as "\d+" or "\s" reach matches()/replace() intact.
                        buf.append("\\" + e)
                        i += 2
                else:
                    buf.append(ch)
                    i += 1
            toks.append(Token(STRING, "".join(buf), start, i, space))
        elif _name_start(c):
            i += 1
            while i < n and _name_part(text[i]):
                i += 1
            toks.append(Token(NAME, text[start:i], start, i, space))
        else:
            for op in _OPS:
                if text.startswith(op, i):
                    i += len(op)
                    toks.append(Token(OP, op, start, i, space))
                    break
            else:
                raise FeelSyntaxError(f"unexpected character {c!r}", text, i)
        space = False
    toks.append(Token(EOF, "", n, n, space))
    return toks


def _hex(text: str, i: int, width: int) -> int:
    digits = text[i : i + width]
    try:
        if len(digits) != width:
            raise ValueError
        return int(digits, 16)
    except ValueError:
        raise FeelSyntaxError("bad unicode escape", text, i) from None
