"""The decision engine: FEEL, decision tables, dated parameters, traces and explanations.

A pure library (no Django): the web app, the CLI and the benchmarks import only the names
below.  Load a model once with ``load_model``; evaluate it many times with
``model.evaluate(facts, as_of=date)``.
"""

from .errors import EvaluationError, FeelSyntaxError, ModelError, ParameterMissing
from .explain import explain, reasons, reasons_text
from .jsonable import to_jsonable
from .model import Model
from .overlay import Overlay, apply_overlay_text, load_overlay_text, overlay_sets_parameters
from .provenance import FactSource, fact_sources
from .trace import DecisionTrace, ParameterUse, Result, RuleMatch, Trace
from .yaml_loader import load_model, load_model_text

__all__ = [
    "DecisionTrace",
    "EvaluationError",
    "FactSource",
    "FeelSyntaxError",
    "Model",
    "ModelError",
    "Overlay",
    "ParameterMissing",
    "ParameterUse",
    "Result",
    "RuleMatch",
    "Trace",
    "apply_overlay_text",
    "explain",
    "fact_sources",
    "load_model",
    "load_model_text",
    "load_overlay_text",
    "overlay_sets_parameters",
    "reasons",
    "reasons_text",
    "to_jsonable",
]
