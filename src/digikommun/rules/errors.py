"""Errors raised by the rules engine.

A rule file that is wrong must fail when it is loaded, never half-way through a case, and
the message must let a policy person find the spot: file, line, column, and what was expected.
"""

from __future__ import annotations


class RulesError(Exception):
    """Base class of every error the engine raises on purpose."""


class FeelSyntaxError(RulesError):
    """A FEEL expression or unary test that cannot be parsed.

    ``position`` is the 0-based character offset into ``expression``.
    """

    def __init__(self, message: str, expression: str, position: int) -> None:
        self.message = message
        self.expression = expression
        self.position = position
        super().__init__(f"{message} at position {position + 1} in {expression!r}")

    @property
    def line_col(self) -> tuple[int, int]:
        """1-based line and column of the error inside the expression text."""
        before = self.expression[: self.position]
        line = before.count("\n") + 1
        col = self.position - (before.rfind("\n") + 1) + 1
        return line, col


class ModelError(RulesError):
    """A decision model that cannot be loaded; points at the offending spot in the file."""

    def __init__(self, message: str, source: str = "<model>", line: int = 0, column: int = 0):
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}: {self.message}"


class EvaluationError(RulesError):
    """Evaluation of a model failed (a UNIQUE table with two matches, a missing parameter...)."""


class ParameterMissing(EvaluationError):
    """The rules have no value for a parameter on the evaluation date: the period its last
    value covers has ended (a riksnorm year not yet loaded), or a year is missing between two.

    No decision may be made on such a date; the caller hands the case to a person.
    """

    def __init__(self, names: list[str], as_of: object, detail: str = "") -> None:
        self.names = list(names)
        self.as_of = as_of
        super().__init__(
            detail
            or f"no value valid on {as_of} for parameter(s) {', '.join(self.names)}"
            " (the period the rules cover has ended)"
        )
