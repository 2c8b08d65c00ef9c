"""Sub-command groups of the ``patentdb`` CLI; each module exposes ``register(subparsers)``.

Modules listed in COMMAND_MODULES are imported when the parser is built (not at package import).
"""

from __future__ import annotations

COMMAND_MODULES: tuple[str, ...] = (
    "patentdb.commands.crawling",
    "patentdb.commands.classifying",
    "patentdb.commands.analyzing",
)
