"""`bpolint serve` without the web extra: one coded line naming the extra, exit 2."""
from __future__ import annotations

import sys


def test_serve_without_the_web_extra(cli, monkeypatch):
    for module in ("starlette", "uvicorn", "python_multipart"):
        monkeypatch.setitem(sys.modules, module, None)  # as if not installed: importing it fails
    code, out, err = cli("serve", "--port", "0")
    assert code == 2 and out == ""
    assert err == ('bpolint: [E150] the web server needs the web extra: pip install "bpolint[web]" '
                   "(missing: starlette, uvicorn, python-multipart)\n")
