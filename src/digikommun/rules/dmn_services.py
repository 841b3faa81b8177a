"""DMN decision services: a set of decisions packaged as a function of its inputs.

The service's parameters are its input data and input decisions, in document order; it
returns the value of its single output decision, or a context of all output decisions.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

from .errors import EvaluationError
from .feel.values import FeelFunction, scope
from .model import Model

if TYPE_CHECKING:
    from .dmn_import import DmnLoader


def _refs(el: ET.Element, kind: str, loader: DmnLoader) -> list[str]:
    from .dmn_import import children, href_id

    out = []
    for r in children(el, kind):
        target = loader.by_id.get(href_id(r))
        if target is not None:
            out.append(target.get("name", ""))
    return out


def add_decision_services(model: Model, services: list[ET.Element], loader: DmnLoader) -> None:
    for el in services:
        name = el.get("name", "")
        outputs = _refs(el, "outputDecision", loader)
        input_decisions = _refs(el, "inputDecision", loader)
        params = _refs(el, "inputData", loader) + input_decisions
        model.constants[name] = FeelFunction(
            name, params, _service(model, outputs, input_decisions, params)
        )
    model._env_cache.clear()


def _service(model: Model, outputs: list[str], given: list[str], params: list[str]) -> Any:
    def call(*args: Any) -> Any:
        values = dict(zip(params, args, strict=False))
        env = scope(model.base_env(None))
        for p in params:
            inp = model.inputs.get(p)
            v = values.get(p)
            env[p] = inp.coerce(v) if inp is not None and inp.coerce is not None else v
        for d in model._needed(outputs, stop=set(given)):
            if d.id in given:
                continue
            try:
                v = d.expression.evaluate(env, None)
            except EvaluationError:
                v = None
            env[d.id] = d.coerce(v) if d.coerce is not None else v
        if len(outputs) == 1:
            return env.get(outputs[0])
        return {o: env.get(o) for o in outputs}

    return call
