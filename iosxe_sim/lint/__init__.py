"""Configuration linter: rules over the loaded model and the loader's line reports.

``lint_text(text, path)`` returns :class:`Diagnostic` records; ``iosxe_sim.lint.cli.run_lint``
is the ``iosxe-sim lint`` command with its text, JSON and SARIF reporters. Nothing here imports
rich or prompt_toolkit at import time (DESIGN.md §2, §9).
"""

from __future__ import annotations

from iosxe_sim.lint.diagnostic import Diagnostic, Related, Severity
from iosxe_sim.lint.engine import lint_text
from iosxe_sim.lint.registry import RULES, Rule

__all__ = ["RULES", "Diagnostic", "Related", "Rule", "Severity", "lint_text"]
