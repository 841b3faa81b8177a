from digikommun.identity.selectors import is_staff_member


def staff(request):
    """Whether to show the workbench in the menu (staff with a role grant)."""
    user = getattr(request, "user", None)
    return {"is_staff_member": bool(user is not None and is_staff_member(user))}
