"""DMN ``<import>`` of other models (DMN 1.5 §6.3.3).

An import names a namespace; the model with that namespace is looked for among the DMN
files beside the importing one.  Its names are then reached through the import's name:
``myimport.Say Hello(p)``, ``myimport.tPerson``.  The caller gives the imported model's
input data as a context under the import name (``{"myimport": {"Person": ...}}``), the way
the DMN TCK does; evaluating the importing model evaluates the imported decisions with it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import RulesError

if TYPE_CHECKING:
    from .dmn_import import DmnLoader
    from .model import Model

PMML_TYPES = ("http://www.dmg.org/PMML",)


def load_imports(loader: DmnLoader, root: ET.Element, seen: tuple[str, ...]) -> dict[str, Model]:
    from .dmn_import import DmnLoader, children

    out: dict[str, Model] = {}
    for imp in children(root, "import"):
        kind = imp.get("importType", "")
        name = imp.get("name", "")
        if any(kind.startswith(p) for p in PMML_TYPES):
            raise loader.error(f"import {name!r} is a PMML model ({kind}); PMML is not supported")
        if "DMN" not in kind:
            continue  # an XML Schema import: item definitions only, which need nothing here
        ns = imp.get("namespace", "")
        if ns in seen:
            raise loader.error(f"import {name!r} imports the importing model again")
        path = _find(loader.source, ns, imp.get("locationURI"))
        if path is None:
            raise loader.error(
                f"import {name!r}: no DMN file with namespace {ns!r} beside {loader.source}"
            )
        sub_loader = DmnLoader(str(path))
        model = sub_loader.load(path.read_text(encoding="utf-8"), seen=(*seen, ns))
        out[name] = model
        for tn, t in sub_loader.types.types.items():
            loader.types.types[f"{name}.{tn}"] = t
    return out


def _find(source: str, namespace: str, location: str | None) -> Path | None:
    folder = Path(source).parent
    if not folder.is_dir():
        return None
    candidates = []
    if location:
        candidates.append(folder / location)
    candidates += sorted(folder.glob("*.dmn"))
    for p in candidates:
        if p.is_file() and str(p) != source and _namespace(p) == namespace:
            return p
    return None


def _namespace(path: Path) -> str | None:
    try:
        for _event, el in ET.iterparse(path, events=("start",)):
            namespace: str | None = el.get("namespace")
            return namespace
    except ET.ParseError:
        return None
    return None


def imported_names(model: Model) -> list[str]:
    return [*model.inputs, *model.decisions, *model.bkms, *model.constants]


def import_context(model: Model, facts: Any) -> dict[str, Any]:
    """The imported model's values: its inputs (from ``facts``), functions, decisions."""
    from .dmn_checks import add_dmn_facts

    facts = facts if type(facts) is dict else {}
    env = model.fact_env(facts, None)
    add_dmn_facts(model, env, facts)
    for d in model.decisions.values():
        try:
            v = d.expression.evaluate(env, None)
        except RulesError:
            v = None
        env[d.id] = d.coerce(v) if d.coerce is not None else v
    return dict(env)
