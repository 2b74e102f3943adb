"""Runs over the real public contracts when the shared corpus is present (skipped otherwise)."""
from __future__ import annotations

import json

import pytest

from conftest import REPO


def test_cuad_txt_json_has_no_error_entries_validates_and_is_the_same_whatever_the_jobs(cli, real_corpus):
    jsonschema = pytest.importorskip("jsonschema")
    folder = real_corpus / "cuad" / "txt"
    files = sorted(folder.glob("*.txt"))
    assert len(files) >= 20
    code, out, err = cli("check", str(folder), "--format", "json", "--fail-on", "never", "--jobs", "2")
    assert code == 0, err
    code, serial, err = cli("check", str(folder), "--format", "json", "--fail-on", "never", "--jobs", "1")
    assert code == 0, err
    assert out == serial  # byte for byte
    data = json.loads(out)
    schema = json.loads((REPO / "bpolint" / "schemas" / "report.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert len(data["files"]) == len(files)
    for entry in data["files"]:
        assert entry["error"] is None, entry["file"]
        assert entry["topics"], entry["file"]


def test_standard_markdown_agreements_lint(cli, real_corpus):
    files = sorted((real_corpus / "standard").rglob("*.md"))
    code, out, err = cli("check", *map(str, files), "--format", "json", "--fail-on", "never")
    assert code == 0, err
    assert all(f["error"] is None for f in json.loads(out)["files"])
