"""Context built-ins (DMN 1.5 §10.3.4.8)."""

from __future__ import annotations

from typing import Any

from .builtins import builtin


@builtin("get value", "m, key")
def _get_value(m: Any, key: Any) -> Any:
    if type(m) is not dict:
        return None
    if type(key) is list:
        for k in key:
            if type(m) is not dict or type(k) is not str:
                return None
            m = m.get(k)
        return m
    return m.get(key) if type(key) is str else None


@builtin("get entries", "m")
def _get_entries(m: Any) -> Any:
    if type(m) is not dict:
        return None
    return [{"key": k, "value": v} for k, v in m.items()]


@builtin("context", "entries")
def _context(entries: Any) -> Any:
    if type(entries) is dict:
        entries = [entries]
    if type(entries) is not list:
        return None
    out: dict[str, Any] = {}
    for e in entries:
        if type(e) is not dict or "key" not in e or "value" not in e or type(e["key"]) is not str:
            return None
        if e["key"] in out:
            return None
        out[e["key"]] = e["value"]
    return out


@builtin("context put", "context, key, value", aliases={"keys": "key"})
def _context_put(ctx: Any, key: Any, value: Any) -> Any:
    if type(ctx) is not dict:
        return None
    if type(key) is list:
        if not key or any(type(k) is not str for k in key):
            return None
        if len(key) == 1:
            return _context_put(ctx, key[0], value)
        inner = ctx.get(key[0])
        if type(inner) is not dict:
            return None
        return _context_put(ctx, key[0], _context_put(inner, key[1:], value))
    if type(key) is not str:
        return None
    out = dict(ctx)
    out[key] = value
    return out


@builtin("context merge", "contexts")
def _context_merge(ctxs: Any) -> Any:
    if type(ctxs) is dict:
        ctxs = [ctxs]  # a single item where a list is expected is a list of one
    if type(ctxs) is not list or any(type(c) is not dict for c in ctxs):
        return None
    out: dict[str, Any] = {}
    for c in ctxs:
        out.update(c)
    return out
