"""Spiders: one module per source; they navigate and hand bodies to crawlers.parsers."""
