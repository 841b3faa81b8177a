"""The adapters a deployment uses, by the register's kind: the setting `REGISTER_ADAPTERS`.

    REGISTER_ADAPTERS = {
        "population": "digikommun.registers.demo.DemoPopulationRegister",
        "vehicle": "kommunen.navet.VehicleAdapter",
    }

A kind left out has no adapter: fields prefilled from it are simply asked. An adapter that
does not have its kind's methods (registers.base) is refused when first used.
"""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from .base import KINDS


@functools.cache
def _adapter(kind: str, path: str) -> Any:
    if kind not in KINDS:
        raise ImproperlyConfigured(f"REGISTER_ADAPTERS: unknown register '{kind}'")
    adapter = import_string(path)()
    if not isinstance(adapter, KINDS[kind]):
        raise ImproperlyConfigured(
            f"REGISTER_ADAPTERS['{kind}']: {path} lacks the methods of {KINDS[kind].__name__}"
        )
    return adapter


def adapter_for(kind: str) -> Any | None:
    """The configured adapter of this kind of register, or None when there is none."""
    path = getattr(settings, "REGISTER_ADAPTERS", {}).get(kind)
    return _adapter(kind, path) if path else None


def _forget(*, setting: str, **_kwargs: Any) -> None:
    if setting == "REGISTER_ADAPTERS":
        _adapter.cache_clear()


setting_changed.connect(_forget)
