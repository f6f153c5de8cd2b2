"""The interactive shell (prompt_toolkit lives only here)."""
