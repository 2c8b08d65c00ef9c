"""Scrapy settings: polite defaults for public patent sources (one request at a time per host)."""

from __future__ import annotations

BOT_NAME = "patentdb"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"
# crawlers.run loads its spider class directly: one broken spider module must not stop the other sources
SPIDER_LOADER_WARN_ONLY = True
USER_AGENT = "patentdb-crawler/0.1 (Jingjiang riverside-industry patent database; polite, cached)"

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 2.0
DOWNLOAD_DELAY_JITTER = 0.5
DOWNLOAD_TIMEOUT = 60
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

RETRY_ENABLED = True
RETRY_TIMES = 3
# 429 is not here: crawlers.middlewares.ThrottleMiddleware waits for Retry-After before retrying it
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408]

# development cache (off by default; `-s HTTPCACHE_ENABLED=1` turns it on)
HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_EXPIRATION_SECS = 7 * 24 * 3600
HTTPCACHE_IGNORE_HTTP_CODES = [401, 403, 429, 500, 502, 503, 504]

# nothing listens, nothing phones home
TELNETCONSOLE_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    "crawlers.ops_auth.OpsAuthMiddleware": 550,
    "crawlers.middlewares.ThrottleMiddleware": 560,
}
# the OPS token is renewed this many seconds before its expires_in runs out
OPS_TOKEN_MARGIN = 60.0
ITEM_PIPELINES = {"crawlers.pipelines.RawPartitionPipeline": 300}

# ThrottleMiddleware bounds (seconds / counts)
RETRY_AFTER_MAX = 120.0
RETRY_AFTER_DEFAULT = 10.0
THROTTLE_429_MAX_RETRIES = 3
OPS_THROTTLE_MAX_DELAY = 60.0

# set per run by crawlers.run (never guessed from a clock)
RUN_DATE = None
PATENTDB_HOME = None

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
