"""The rule cache: a warm run reads no YAML and prepares no patterns, a bad entry is rebuilt, --no-cache bypasses it."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bpolint import yamlio
from bpolint.ruleset import cache, loader
from bpolint.ruleset.loader import load_ruleset

REPO = Path(__file__).resolve().parents[1]
EXTRA_RULE = """rules:
  - id: ZZ01
    name: house.escrow
    topic: exit.transition-assistance
    title: Source code escrow
    check: required
    detect: {phrases: [source code escrow]}
    message: No source code escrow.
    tests:
      fail_none: The Supplier shall host the Systems.
      pass_escrow: The Supplier shall place the source code in source code escrow.
"""


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BPOLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("BPOLINT_NO_CACHE", raising=False)
    loader._load_cached.cache_clear()
    yield folder
    loader._load_cached.cache_clear()


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("rules-*.pickle"))


@pytest.fixture
def small_root(tmp_path) -> Path:
    """A rule root with the shipped taxonomy and one rule: quick to compile."""
    root = tmp_path / "rules"
    (root / "common").mkdir(parents=True)
    (root / "taxonomy.yaml").write_bytes((REPO / "rules" / "taxonomy.yaml").read_bytes())
    (root / "common" / "house.yaml").write_text(EXTRA_RULE, encoding="utf-8")
    return root


def test_warm_load_parses_no_yaml_and_equals_a_fresh_load(cache_dir, monkeypatch) -> None:
    import bpolint.match as match

    fresh = load_ruleset(use_cache=False)
    loader._load_cached.cache_clear()
    cold = load_ruleset()  # fills the cache: the rule set, then the compiled patterns
    match.CompiledRules(list(cold.rules), cold.vocabularies)
    assert len(_entries(cache_dir)) == 1 and len(list(cache_dir.glob("plans-*.pickle"))) == 1
    loader._load_cached.cache_clear()
    match._PLANS.clear()
    match._VOCAB_PLANS.clear()

    def no_yaml(*args, **kwargs):
        raise AssertionError("a warm load parsed YAML")

    def no_compiling(*args, **kwargs):
        raise AssertionError("a warm run prepared patterns")

    monkeypatch.setattr(yamlio, "load_yaml", no_yaml)
    monkeypatch.setattr(loader, "load_yaml", no_yaml)
    monkeypatch.setattr(match, "plan_ruleset", no_compiling)
    monkeypatch.setattr(match, "plan_rules", no_compiling)
    warm = load_ruleset()
    compiled = match.CompiledRules(list(warm.rules), warm.vocabularies)
    assert len(compiled.regexes) > 500
    assert [(r.id, r.file, r.line, r.detect, r.options, r.tests) for r in warm.rules] == \
           [(r.id, r.file, r.line, r.detect, r.options, r.tests) for r in fresh.rules]
    assert warm.vocabularies == fresh.vocabularies
    assert warm.taxonomy == fresh.taxonomy


def test_corrupt_entry_is_rebuilt_silently(cache_dir, small_root) -> None:
    load_ruleset(root=str(small_root))
    [entry] = _entries(cache_dir)
    entry.write_bytes(b"not a pickle")
    loader._load_cached.cache_clear()
    assert load_ruleset(root=str(small_root)).rule("ZZ01") is not None
    assert entry.read_bytes()[:2] != b"no"  # written again
    assert not list(cache_dir.glob(".*.tmp"))  # no temporary file left behind


def test_changed_rule_file_is_a_new_entry(cache_dir, small_root) -> None:
    assert load_ruleset(root=str(small_root)).rule("ZZ01").title == "Source code escrow"
    rule_file = small_root / "common" / "house.yaml"
    rule_file.write_text(EXTRA_RULE.replace("title: Source code escrow", "title: Escrow"), encoding="utf-8")
    loader._load_cached.cache_clear()
    assert load_ruleset(root=str(small_root)).rule("ZZ01").title == "Escrow"
    assert len(_entries(cache_dir)) == 2


def test_no_cache_writes_nothing(cache_dir, small_root, monkeypatch) -> None:
    monkeypatch.setenv("BPOLINT_NO_CACHE", "1")
    assert load_ruleset(root=str(small_root)).rules
    assert not cache_dir.exists() or not _entries(cache_dir)


def test_unwritable_cache_is_not_an_error(tmp_path, small_root, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("BPOLINT_CACHE_DIR", str(blocker / "cache"))  # a path below a regular file
    loader._load_cached.cache_clear()
    try:
        assert load_ruleset(root=str(small_root)).rules
    finally:
        loader._load_cached.cache_clear()


def test_key_depends_on_the_rule_files(tmp_path) -> None:
    root = tmp_path / "rules"
    (root / "common").mkdir(parents=True)
    (root / "common" / "a.yaml").write_text("rules: []\n", encoding="utf-8")
    before = cache.key_for("rules", [root])
    (root / "common" / "a.yaml").write_text("rules: []  # edited\n", encoding="utf-8")
    assert cache.key_for("rules", [root]) != before


def test_commands_that_lint_nothing_do_not_import_spacy(cache_dir) -> None:
    code = ("import sys\nfrom bpolint.cli import main\n"
            "for args in (['--version'], ['rules', 'list'], ['rules', 'list']):\n"
            "    try:\n        main(args)\n    except SystemExit:\n        pass\n"
            "sys.__stderr__.write('SPACY=%s' % ('spacy' in sys.modules))\n")
    # the first "rules list" may compile the cache (which needs the tokenizer); run it once before
    subprocess.run([sys.executable, "-c", "from bpolint.ruleset import load_ruleset; load_ruleset()"], check=True,
                   cwd=REPO)
    done = subprocess.run([sys.executable, "-c", code.replace("['--version'], ", "")], capture_output=True,
                          text=True, cwd=REPO)
    assert "SPACY=False" in done.stderr, done.stderr[-500:]
