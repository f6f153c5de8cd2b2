"""Show-command renderers: pure functions from engine state records to byte-faithful IOS-XE text."""

from __future__ import annotations
