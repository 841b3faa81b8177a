"""YAML that remembers where each value came from, so errors can name file, line and column.

PyYAML's composer keeps a start mark on every node; this module turns the node tree into
plain dicts, lists and scalars (subclasses carrying `.mark`), and offers `SourceError`,
the error every definition loader raises. Pure Python: used by the rules engine too.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import yaml


@dataclass(frozen=True)
class Mark:
    source: str
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}"


class SourceError(Exception):
    """A problem in a definition file, located by file, line and column."""

    def __init__(self, message: str, mark: Mark | None = None):
        self.message = message
        self.mark = mark
        super().__init__(f"{mark}: {message}" if mark else message)

    @property
    def source(self) -> str | None:
        return self.mark.source if self.mark else None

    @property
    def line(self) -> int | None:
        return self.mark.line if self.mark else None

    @property
    def column(self) -> int | None:
        return self.mark.column if self.mark else None


class MarkedDict(dict):
    mark: Mark
    key_marks: dict[str, Mark]


class MarkedList(list):
    mark: Mark


class MarkedStr(str):
    mark: Mark


class _Loader(yaml.SafeLoader):
    pass


# libyaml's parser, where PyYAML has it, composes the same nodes with the same marks many
# times faster; a text it refuses is parsed again by the Python parser, whose messages and
# positions the error reports (and their tests) use.
_FastLoader: type | None = getattr(yaml, "CSafeLoader", None)


def _mark(node: yaml.Node, source: str) -> Mark:
    return Mark(source, node.start_mark.line + 1, node.start_mark.column + 1)


def _explicit(node: yaml.MappingNode, upto: yaml.Node, loader: Any) -> set[str]:
    """Keys written out in this mapping before `upto` (not merged in)."""
    keys = set()
    for key_node, _value in node.value:
        if key_node is upto:
            break
        if key_node.tag != "tag:yaml.org,2002:merge":
            keys.add(str(loader.construct_object(key_node, deep=True)))
    return keys


def _convert(node: yaml.Node, loader: Any, source: str) -> Any:
    mark = _mark(node, source)
    if isinstance(node, yaml.MappingNode):
        result = MarkedDict()
        result.mark = mark
        result.key_marks = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                # `<<: *anchor` (or a list of them): copy keys not given here.
                sources = (
                    value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                )
                for src in sources:
                    merged = _convert(src, loader, source)
                    if not isinstance(merged, dict):
                        raise SourceError("'<<' must refer to a mapping", _mark(src, source))
                    for k, v in merged.items():
                        if k not in result:
                            result[k] = v
                            result.key_marks[k] = merged.key_marks.get(k, mark)
                continue
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | bool | datetime.date):
                raise SourceError("a key must be a plain word", _mark(key_node, source))
            key = str(key)
            if key in result and key not in _explicit(node, key_node, loader):
                result.pop(key)  # a key given here overrides one merged in with '<<'
            elif key in result:
                raise SourceError(f"'{key}' is given twice", _mark(key_node, source))
            result[key] = _convert(value_node, loader, source)
            result.key_marks[key] = _mark(key_node, source)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = MarkedList(_convert(n, loader, source) for n in node.value)
        items.mark = mark
        return items
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        raise SourceError(f"not understood: {exc.problem}", mark) from None
    if isinstance(value, str):
        marked = MarkedStr(value)
        marked.mark = mark
        return marked
    return value


def load_text(text: str, source: str) -> Any:
    if _FastLoader is not None:
        fast = _FastLoader(text)
        try:
            node = fast.get_single_node()
        except yaml.YAMLError:
            node = None  # the Python parser below says what is wrong, and where
        else:
            if node is not None:
                return _convert(node, fast, source)
        finally:
            fast.dispose()
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        pm = exc.problem_mark
        mark = Mark(source, pm.line + 1, pm.column + 1) if pm else None
        raise SourceError(f"not valid YAML: {exc.problem}", mark) from None
    finally:
        loader.dispose()
    if node is None:
        raise SourceError("the file is empty", Mark(source, 1, 1))
    return _convert(node, loader, source)


def mark_of(value: Any, default: Mark | None = None) -> Mark | None:
    return getattr(value, "mark", default)


def key_mark(mapping: Any, key: str) -> Mark | None:
    marks = getattr(mapping, "key_marks", None)
    if marks and key in marks:
        return marks[key]
    return mark_of(mapping)
