from django import template

from digikommun.cosigning import selectors
from digikommun.cosigning.schema import ROLES

register = template.Library()


@register.simple_tag
def cosignatures_of(case):
    return selectors.cosignatures_for_case(case_id=case.pk)


@register.simple_tag
def cosign_requests_for(user):
    return list(selectors.cosignatures_for_person(user=user)) if user.is_authenticated else []


@register.filter
def role_label(role: str) -> str:
    return str(ROLES.get(role, role))
