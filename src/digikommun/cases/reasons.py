"""The reasons of a decision as a page or letter shows them (förvaltningslagen 32 §).

An automated decision stores, per language, the structured reasons of the rules engine
(`rules.reasons`): sections as the calculation reads (the household's norm, the costs, the
income, the result), the sources (each once) and an example-value notice (at most once). A
caseworker's decision stores the written motivation, a list of texts. `reasons_view` gives
both one shape for the templates (`cases/_reasons.html`); a text's line breaks become
paragraphs, never broken lines.
"""

from __future__ import annotations

from typing import Any


def paragraphs(text: str) -> list[str]:
    """A text split at blank lines, each paragraph's own line breaks joined by spaces."""
    return [" ".join(p.split()) for p in (text or "").split("\n\n") if p.strip()]


def reasons_view(value: Any, lang: str) -> dict[str, Any]:
    """{"sections": [{"title", "lines"}], "paragraphs": [...], "sources": [{"text", "url"}],
    "legal": [...], "example": str} for `lang` (else Swedish, else any language present)."""
    picked: Any = value
    if isinstance(value, dict) and not {"sections", "sources"} & set(value):
        picked = value.get(lang) or value.get("sv") or next(iter(value.values()), None)
    if isinstance(picked, dict):
        return {
            "sections": [
                {"title": s.get("title", ""), "lines": list(s.get("lines", []))}
                for s in picked.get("sections", [])
                if s.get("lines")
            ],
            "paragraphs": [],
            "sources": list(picked.get("sources", [])),
            "legal": list(picked.get("legal", [])),
            "example": picked.get("example", ""),
        }
    texts = [str(t) for t in (picked or [])] if isinstance(picked, list) else [str(picked or "")]
    return {
        "sections": [],
        "paragraphs": [p for t in texts for p in paragraphs(t)],
        "sources": [],
        "legal": [],
        "example": "",
    }
