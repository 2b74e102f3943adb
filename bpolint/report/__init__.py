"""Reporters: every output is built from the same :class:`~bpolint.model.Report` records."""
