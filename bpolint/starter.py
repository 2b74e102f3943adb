"""The commented starter configuration that ``bpolint init`` writes."""
from __future__ import annotations

SERVICE_TYPES = ("customer-support", "it-services", "finance-accounting", "back-office")


def starter_config(services: tuple[str, ...] = (), preset: str = "default") -> str:
    service_line = (f"service: [{', '.join(services)}]" if services
                    else "# service: [it-services]       # instead of detecting the service type from the text")
    return f"""# bpolint configuration. Command-line flags win over this file; a contract is governed by
# the nearest .bpolint.yaml above it, so a client folder can carry its own.
# Reference: https://github.com/bpolint/bpolint#configuration

extends: bpolint:{preset}          # built-in presets: bpolint:default, bpolint:strict, bpolint:relaxed

{service_line}
# Service types: {", ".join(SERVICE_TYPES)}.

# fail-on: error                 # lowest severity that fails the run: error, warning, info or never

# Which files to lint when a folder is given (globs relative to this file).
# include: ["templates/**", "drafts/**"]
# exclude: ["archive/**", "*.signed.pdf"]

# Extra rule sets (house rules), relative to this file; a rule with a shipped id replaces it.
# rules: [house-rules/]

# Switch rules off, or change their severity (ids or names; `bpolint rules list`).
# disable: [WD02]
# severity: {{HY03: warning}}

# Accepted deviations. Each needs a reason; one that suppresses nothing is reported.
# waivers:
#   - rule: CM01
#     files: "templates/legacy-*.docx"
#     reason: legacy template, repriced at renewal

# Per-file limits (0 = none).
# limits: {{max-size-mb: 64, time-limit-s: 120, memory-limit-mb: 2048}}
"""
