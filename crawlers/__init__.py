"""Crawlers: Scrapy spiders, pure page-object parsers, file importers and the offline replay server."""
