"""Token-stream helpers and name resolution for the FEEL parser.

FEEL names may contain spaces, keywords and operators (``date and time``, ``Loan - Fee``);
the parser resolves them against the names in scope, held as tries of tokens, and takes
the longest known name at each position (DMN 1.5 §10.3.1.2).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import FeelSyntaxError
from .lexer import EOF, NAME, OP, STRING, Token, tokenize

KEYWORDS = frozenset(
    "and or then else return satisfies in instance of between if for some every function"
    " true false null not external".split()
)
# Words that cannot be glued onto a name by the adjacent-words rule.
_STOP = KEYWORDS

TYPE_NAMES = (
    "days and time duration",
    "years and months duration",
    "date and time",
    "Any",
    "Null",
    "number",
    "string",
    "boolean",
    "date",
    "time",
    "list",
    "context",
    "range",
    "function",
    "dayTimeDuration",
    "yearMonthDuration",
)

Trie = dict[str | None, "Trie | str"]


def build_trie(names: Iterable[str]) -> Trie:
    trie: Trie = {}
    for name in names:
        add_name(trie, name)
    return trie


def add_name(trie: Trie, name: str) -> None:
    try:
        toks = tokenize(name)[:-1]
    except FeelSyntaxError:
        return
    if not toks or any(t.kind == STRING for t in toks):
        return
    node = trie
    for t in toks:
        node = node.setdefault(t.text, {})  # type: ignore[assignment]
    node[None] = name


class TokenStream:
    def __init__(self, text: str, tries: list[Trie]):
        self.text = text
        self.toks: list[Token] = tokenize(text)
        self.i = 0
        self.tries = tries
        self.local: Trie = {}

    # --- helpers ---------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.toks[self.i]

    def peek(self, k: int = 1) -> Token:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def at(self, text: str) -> bool:
        t = self.tok
        return t.kind in (OP, NAME) and t.text == text

    def accept(self, text: str) -> bool:
        if self.at(text):
            self.i += 1
            return True
        return False

    def expect(self, text: str, what: str | None = None) -> Token:
        if not self.at(text):
            self.fail(f"expected {what or repr(text)}")
        t = self.tok
        self.i += 1
        return t

    def fail(self, expected: str) -> None:
        t = self.tok
        found = "end of expression" if t.kind == EOF else repr(self.text[t.pos : t.end])
        raise FeelSyntaxError(f"{expected}, found {found}", self.text, t.pos)

    def end(self) -> None:
        if self.tok.kind != EOF:
            self.fail("expected end of expression")

    # --- names -----------------------------------------------------------------------
    def match_known(self) -> tuple[str, int] | None:
        best: tuple[str, int] | None = None
        for trie in (*self.tries, self.local):
            node: Trie = trie
            j = self.i
            while True:
                t = self.toks[j]
                if t.kind in (EOF, STRING):
                    break
                nxt = node.get(t.text)
                if not isinstance(nxt, dict):
                    break
                node = nxt
                j += 1
                term = node.get(None)
                if isinstance(term, str) and (best is None or j - self.i > best[1]):
                    best = (term, j - self.i)
        return best

    def name(self, what: str = "a name") -> str:
        known = self.match_known()
        if known is not None:
            self.i += known[1]
            return known[0]
        t = self.tok
        if t.kind != NAME or t.text in KEYWORDS:
            self.fail(f"expected {what}")
        return self._words()

    def _words(self) -> str:
        first = self.tok
        self.i += 1
        last = first
        while self.tok.kind == NAME and self.tok.text not in _STOP:
            last = self.tok
            self.i += 1
        return " ".join(self.text[first.pos : last.end].split())

    def declare(self, name: str) -> None:
        add_name(self.local, name)

    # --- expressions -----------------------------------------------------------------


def _copy_trie(t: Trie) -> Trie:
    return {k: (_copy_trie(v) if isinstance(v, dict) else v) for k, v in t.items()}
