"""Errors the user can act on: the CLI prints their message on one line (no traceback) and exits 1."""

from __future__ import annotations


class UserError(RuntimeError):
    """What was asked cannot be done as asked (a failed source, an unknown source id, …)."""
