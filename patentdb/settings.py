"""One settings object for the whole product (environment prefix ``PATENTDB_``).

Nothing is read at import time: call :func:`get_settings` where a value is needed.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Runtime configuration, from ``PATENTDB_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="PATENTDB_", extra="ignore")

    home: Path = Field(default=Path("./data"), description="data directory (raw, stages, index, quarantine)")
    backend: Literal["embedded", "elasticsearch"] = "embedded"
    es_url: str | None = Field(
        default=None, description="Elasticsearch URL; enables the ES backend and its tests"
    )
    es_api_key: SecretStr | None = None
    es_index_prefix: str = "patents"
    host: str = "127.0.0.1"
    port: int = 8000
    admin_token: SecretStr | None = Field(default=None, description="token for admin endpoints")
    reference_dir: Path = Field(
        default=REPO_ROOT.parent / "shared" / "reference",
        description="optional: the shared recorded references (tests and tools only)",
    )
    embedding_model: str = Field(
        default="default",
        description="'default' (the project's offline Chinese model, built once), 'none', or any "
        "sentence-transformers model path or name available offline",
    )
    replay: bool = Field(
        default=True,
        description="crawl recorded responses from a local replay server (no network); false in production",
    )
    ops_key: SecretStr | None = Field(default=None, description="EPO OPS consumer key (production crawls)")
    ops_secret: SecretStr | None = Field(default=None, description="EPO OPS consumer secret")
    crawl_lookback_days: int = Field(
        default=0, ge=0, description="widen each crawl window back by this many days"
    )
    http_cache: bool = Field(
        default=False, description="Scrapy HTTP cache under <home>/httpcache (development)"
    )
    tsdr_api_key: SecretStr | None = Field(default=None, description="USPTO TSDR API key (production crawls)")
    tsdr_numbers: str = Field(
        default="",
        description="comma-separated USPTO serial (sn…) or registration (rn…) numbers production follows",
    )
    textclass_data: Path | None = Field(
        default=None,
        description="extra labelled CSV (publication_number,title[,abstract],ipc) the text model trains on "
        "besides the shipped real titles; `patentdb training-data` writes one from the real records",
    )

    @property
    def raw_dir(self) -> Path:
        return self.home / "raw"

    @property
    def stage_dir(self) -> Path:
        return self.home / "stage"

    @property
    def quarantine_dir(self) -> Path:
        return self.home / "quarantine"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def textclass_extra(self) -> tuple[Path, ...]:
        """The extra training files of the text model (none by default)."""
        return (self.textclass_data,) if self.textclass_data else ()

    @property
    def inbox_dir(self) -> Path:
        """Where operators drop bulk export files: ``inbox/<source>/*``."""
        return self.home / "inbox"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, built on first use."""
    return Settings()


def reset_settings() -> None:
    """Forget cached settings (tests change the environment)."""
    get_settings.cache_clear()
