"""``bpolint serve``: a local web page and HTTP API for reviewers, on Starlette and uvicorn.

Needs the ``web`` extra (``pip install "bpolint[web]"``). Modules: ``options`` (how the
server runs), ``security`` (who may use it, headers), ``uploads`` (a size-limited
multipart reader), ``workers`` and ``jobs`` (linting in worker processes through the one
lint path), ``results`` (the page's results in memory), ``pages`` (templates and
assets), ``openapi`` (the API's description), ``app`` (the routes), ``serve`` (uvicorn).
"""
