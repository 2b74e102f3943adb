"""bpolint imports spaCy without spaCy's command line, and leaves that command line importable."""
import subprocess
import sys

PROBE = """
import sys
from bpolint.segment.nlp import make_nlp
nlp = make_nlp()
assert [t.text for t in nlp("Fees are due in 30 days.")][:3] == ["Fees", "are", "due"]
print("cli-loaded-by-pipeline=%s" % any(m == "spacy.cli" or m.startswith("spacy.cli.") for m in sys.modules))
import spacy
info = spacy.info()
print("info-works=%s" % isinstance(info, dict))
import spacy.cli
print("real-cli=%s" % hasattr(spacy.cli, "setup_cli"))
"""


def test_pipeline_imports_spacy_without_its_cli_and_the_cli_still_loads_on_demand():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["cli-loaded-by-pipeline=False", "info-works=True", "real-cli=True"]


def test_spacy_already_imported_is_used_as_it_is():
    code = ("import spacy, sys\nfrom bpolint.segment.spacy_import import import_spacy\n"
            "assert import_spacy() is spacy and 'spacy.cli' in sys.modules\nprint('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
