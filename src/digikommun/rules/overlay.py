"""Overlays: a deployment's own parameter values, laid on top of a decision model.

A service's rules carry the figures the law sets (the riksnorm, with their sources). What a
municipality decides for itself (the rent limits, the savings buffer, an amount that always
goes to a person) and what a demo shows (figures for years not yet cited, marked `example`)
live in an overlay file beside the rules, in the same format for both:

    overlay: demo
    description: {sv: ..., en: ...}
    example: true                 # every value below is an example unless it says otherwise
    parameters:
      norm_single_adult:
        renews: yearly            # optional: replaces the rules' own
        values:
          - from: 2022-01-01
            value: 3210
            reference: ...
            note: how the value was worked out
      asset_buffer:
        values:
          - {from: 2027-01-01, value: 12000, reference: Socialnämndens riktlinjer 2026-10-01 § 7}

An overlay may only set parameters the rules have; a value with the same `from` as one of
the rules' values replaces it, others are added. The result is a new model; the rules'
own file is never changed. See docs/overlays.md.
"""

from __future__ import annotations

import dataclasses

import yaml

from .errors import ModelError
from .model import Model, Parameter, ParameterValue
from .yaml_loader import _Loader

# `definition`: the municipality's choices for the service definition, read by the catalog.
_TOP = ("overlay", "description", "example", "parameters", "definition")


@dataclasses.dataclass(frozen=True)
class Overlay:
    name: str
    description: dict[str, str]
    parameters: dict[str, tuple[list[ParameterValue], str | None]]  # values, renews

    def apply(self, model: Model, source: str = "<overlay>") -> Model:
        params = dict(model.parameters)
        for name, (values, renews) in self.parameters.items():
            base = params.get(name)
            if base is None:
                raise ModelError(
                    f"the overlay {self.name!r} sets {name!r}, which the rules do not have",
                    source,
                    1,
                    1,
                )
            merged = {v.valid_from: v for v in base.values}
            merged.update({v.valid_from: v for v in values})
            params[name] = Parameter(
                name,
                base.description,
                base.unit,
                [merged[k] for k in sorted(merged)],
                renews if renews is not None else base.renews,
                base.missing,
            )
        # The caches are not init fields: the new model starts with empty ones.
        return dataclasses.replace(model, parameters=params)


def load_overlay_text(text: str, source: str = "<overlay>") -> Overlay:
    """Parse an overlay file; errors name the file, line and column."""
    r = _Loader(source)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ModelError(f"YAML syntax: {e.problem or e}", source, line, col) from None
    if root is None:
        raise ModelError("the overlay is empty", source, 1, 1)
    m = r.mapping(root, "the overlay", _TOP)
    name = r.scalar(r.req(m, "overlay", root, "the overlay"), "overlay")
    description = r.texts(r.req(m, "description", root, "the overlay"), "description")
    default_example = False
    if "example" in m:
        ex = r.scalar(m["example"][1], "example")
        if ex not in ("true", "false"):
            raise r.error(m["example"][1], "example must be true or false")
        default_example = ex == "true"
    params: dict[str, tuple[list[ParameterValue], str | None]] = {}
    if "parameters" not in m and "definition" not in m:
        r.req(m, "parameters", root, "the overlay")
    pnode = m["parameters"][1] if "parameters" in m else None
    pitems = r.mapping(pnode, "parameters").items() if pnode is not None else ()
    for pname, (_k, v) in pitems:
        what = f"parameter {pname!r}"
        pm = r.mapping(v, what, ("values", "renews"))
        values: list[ParameterValue] = []
        for node in r.seq(r.req(pm, "values", v, what), f"{what} values"):
            pv, _ = r.param_value(node, what)
            explicit = "example" in r.mapping(node, "a value", ())
            if default_example and not explicit:
                pv.example = True
            values.append(pv)
        params[pname] = (values, r.renews(pm))
    return Overlay(name, description, params)


def overlay_sets_parameters(text: str, source: str = "<overlay>") -> bool:
    return bool(load_overlay_text(text, source).parameters)


def apply_overlay_text(model: Model, text: str, source: str = "<overlay>") -> Model:
    return load_overlay_text(text, source).apply(model, source)
