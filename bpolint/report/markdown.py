"""Contract text in Markdown output: shown as text, never interpreted.

A draft may hold anything: ``<script>`` tags, pipes that would end a table cell,
emphasis, links. Everything from the contract goes through :func:`escape` before it
reaches a Markdown report, a pull-request comment or a wiki.
"""
from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]|~#])")  # '#' too: a closing run of them vanishes from a heading
# what would start a heading, quote, list or rule at the start of a line; a backslash only
# escapes punctuation, so "3." becomes "3\." (a backslash before the digit would show)
_LINE_START = re.compile(r"^(?:([#+>=-])|(\d+)([.)]))")


def escape(text: str | None) -> str:
    """Text safe inside a Markdown paragraph or table cell: one line, HTML and Markdown escaped."""
    t = " ".join((text or "").split())
    t = t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    t = _INLINE.sub(r"\\\1", t)
    return _LINE_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), t)
