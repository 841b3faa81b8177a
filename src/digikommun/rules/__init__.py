"""The decision engine: FEEL, decision tables, dated parameters, traces and explanations.

A pure library (no Django): the web app, the CLI and the benchmarks import only the names
below.  Load a model once with ``load_model``; evaluate it many times with
``model.evaluate(facts, as_of=date)``.
"""

from .errors import EvaluationError, FeelSyntaxError, ModelError
from .explain import explain
from .jsonable import to_jsonable
from .model import Model
from .trace import DecisionTrace, ParameterUse, Result, RuleMatch, Trace
from .yaml_loader import load_model, load_model_text

__all__ = [
    "DecisionTrace",
    "EvaluationError",
    "FeelSyntaxError",
    "Model",
    "ModelError",
    "ParameterUse",
    "Result",
    "RuleMatch",
    "Trace",
    "explain",
    "load_model",
    "load_model_text",
    "to_jsonable",
]
