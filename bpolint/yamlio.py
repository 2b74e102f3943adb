"""YAML loading that remembers line numbers, so every rule or config error names its line.

Scanning and parsing run in libyaml (PyYAML's C parser) where PyYAML has it: its
nodes carry the same marks, so only building the mappings runs in Python. A
syntax error is reported by the pure-Python parser, whose messages are the ones
users see everywhere else.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import BpolintError


class LineDict(dict):
    """A mapping that knows the line of each key (1-based) and its own line."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    d = LineDict()
    d.line = node.start_mark.line + 1
    d.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in d:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        d[key] = loader.construct_object(value_node, deep=True)
        d.key_lines[key] = key_node.start_mark.line + 1
    return d


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    lst = LineList(loader.construct_object(child, deep=True) for child in node.value)
    lst.line = node.start_mark.line + 1
    lst.item_lines = [child.start_mark.line + 1 for child in node.value]
    return lst


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)

if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(yaml.CSafeLoader):  # type: ignore[name-defined,misc]
        pass

    _FastLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _FastLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
else:  # pragma: no cover - PyYAML built without libyaml
    _FastLoader = _Loader  # type: ignore[misc,assignment]


def load_yaml(path: Path | str, text: str | None = None, code: str = "E201") -> Any:
    """Parse YAML with line numbers; a syntax error becomes a one-line coded error."""
    name = str(path)
    try:
        if text is None:
            text = Path(path).read_text(encoding="utf-8")
        try:
            return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - SafeLoader subclass
        except yaml.YAMLError:
            return yaml.load(text, Loader=_Loader)  # noqa: S506 - the same error, in PyYAML's own words
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BpolintError(code, name, line, {"detail": problem, "where": ""}) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BpolintError(code, name, None, {"detail": str(exc), "where": ""}) from None


def line_of(obj: Any, key: str | None = None) -> int | None:
    if isinstance(obj, LineDict):
        return obj.line_of(key) if key else obj.line
    return getattr(obj, "line", None)
