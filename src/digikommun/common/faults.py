"""Named points where a fault test may stop or break a step (kill -9, a full disk).

`fault_point("letter.written")` calls the callable named by the setting
`PROCESS_FAULT_HOOK` with the point's name; unset (always, outside the test settings) it
does nothing. Production settings refuse the setting. The hook is resolved once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


@cache
def _hook() -> Callable[[str], None] | None:
    path = getattr(settings, "PROCESS_FAULT_HOOK", None)
    return import_string(path) if path else None


def fault_point(name: str) -> None:
    hook = _hook()
    if hook is not None:
        hook(name)
