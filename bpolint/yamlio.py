"""YAML loading that remembers line numbers, so every rule or config error names its line.

Scanning and parsing run in libyaml (PyYAML's C parser) where PyYAML has it: its
nodes carry the same marks, so only building the mappings runs in Python. A
syntax error is reported by the pure-Python parser, whose messages are the ones
users see everywhere else.

Loading is safe: the safe loaders build only plain data (no Python objects, no tags of
their own such as ``!include``, so a rule or config file can never pull in another file),
the file must be a regular file within a size limit, and aliases may not expand the data
beyond a limit (a "billion laughs" of anchors would otherwise explode whatever walks it).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import BpolintError
from .reading import read_input

MAX_YAML_BYTES = 8 * 1024 * 1024
MAX_YAML_NODES = 1_000_000  # values in the data once aliases are expanded


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
            text = read_input(path, name, MAX_YAML_BYTES).decode("utf-8")
        try:
            data = yaml.load(text, Loader=_FastLoader)  # noqa: S506 - SafeLoader subclass
        except yaml.YAMLError:
            data = yaml.load(text, Loader=_Loader)  # noqa: S506 - the same error, in PyYAML's own words
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BpolintError(code, name, line, {"detail": problem, "where": ""}) from None
    except UnicodeDecodeError as exc:
        raise BpolintError(code, name, None, {"detail": f"not UTF-8 ({exc.reason})", "where": ""}) from None
    except RecursionError:
        raise BpolintError(code, name, None, {"detail": "nested too deeply", "where": ""}) from None
    if _expanded_size(data, {}) > MAX_YAML_NODES:
        raise BpolintError(code, name, None, {"detail": f"aliases expand the data beyond {MAX_YAML_NODES} values",
                                              "where": ""})
    return data


def _expanded_size(obj: Any, memo: dict[int, int]) -> int:
    """How many values ``obj`` holds with every alias expanded; each shared value is
    counted once per use but visited once, so a billion laughs is measured, not built."""
    if not isinstance(obj, (dict, list)):
        return 1
    known = memo.get(id(obj))
    if known is not None:
        return known
    memo[id(obj)] = MAX_YAML_NODES + 1  # a value that contains itself is too large
    children = list(obj.keys()) + list(obj.values()) if isinstance(obj, dict) else obj
    total = 1
    for child in children:
        total += _expanded_size(child, memo)
        if total > MAX_YAML_NODES:
            break
    memo[id(obj)] = total
    return total


def line_of(obj: Any, key: str | None = None) -> int | None:
    if isinstance(obj, LineDict):
        return obj.line_of(key) if key else obj.line
    return getattr(obj, "line", None)
