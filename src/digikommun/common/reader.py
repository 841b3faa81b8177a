"""Reading definition files while collecting every error, each with file, line and column."""

from __future__ import annotations

from typing import Any

from .yamlsrc import Mark, SourceError, key_mark, mark_of

LANGS = ("sv", "en")


class Reader:
    """Collects errors instead of stopping at the first, so one run shows them all."""

    def __init__(self) -> None:
        self.errors: list[SourceError] = []

    def fail(self, message: str, mark: Mark | None) -> None:
        self.errors.append(SourceError(message, mark))

    def require(self, mapping: Any, key: str, where: Mark | None = None) -> Any:
        if not isinstance(mapping, dict):
            self.fail("expected a mapping (key: value)", mark_of(mapping, where))
            return None
        if key not in mapping:
            self.fail(f"'{key}' is missing", mark_of(mapping, where))
            return None
        return mapping[key]

    def text(self, mapping: Any, key: str, *, required: bool = True) -> dict[str, str]:
        value = self.require(mapping, key) if required else (mapping or {}).get(key)
        if value is None:
            return {}
        if isinstance(value, str):
            self.fail(f"'{key}' needs a text per language: sv and en", mark_of(value))
            return {}
        if not isinstance(value, dict):
            self.fail(f"'{key}' must be a mapping with sv and en", key_mark(mapping, key))
            return {}
        for lang in LANGS:
            if not isinstance(value.get(lang), str) or not value.get(lang).strip():
                self.fail(f"'{key}' has no {lang} text", mark_of(value))
        unknown = set(value) - set(LANGS)
        for lang in sorted(unknown):
            self.fail(
                f"'{key}' has an unknown language '{lang}' (use sv, en)", key_mark(value, lang)
            )
        return {lang: str(value.get(lang, "")) for lang in LANGS}
