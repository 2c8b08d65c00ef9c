"""patentdb: the riverside-industry patent & trademark database of Jingjiang (靖江)."""

from __future__ import annotations

__version__ = "0.1.0"
PIPELINE_VERSION = __version__
