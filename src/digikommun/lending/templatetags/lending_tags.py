from django import template
from django.utils.translation import get_language

from digikommun.lending import selectors
from digikommun.lending.workflow import OUT

register = template.Library()


def _lang() -> str:
    return (get_language() or "sv")[:2]


@register.simple_tag
def lang_text(texts) -> str:
    """A text given per language ({"sv": …, "en": …}) in the page's language."""
    if not isinstance(texts, dict):
        return str(texts or "")
    return texts.get(_lang()) or texts.get("sv") or ""


@register.simple_tag
def loans_of(user) -> list[dict]:
    rows = []
    for loan in selectors.loans_for_person(user):
        title = loan.pool.config.get("title", {})
        rows.append(
            {
                "loan": loan,
                "title": title.get(_lang()) or title.get("sv", ""),
                "explanation": selectors.queue_explanation(loan),
                "out_states": sorted(OUT),
            }
        )
    return rows
