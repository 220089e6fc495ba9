"""Providers by name, and those that apply to an entity type.

The default registry always has ``records`` (the embedded database) and adds ``http_api``
when a lookup URL is configured (settings ``lookup_url``/``lookup_key`` or the environment
variables ``CASEGRAPH_LOOKUP_URL``/``CASEGRAPH_LOOKUP_KEY``).

    >>> import tempfile
    >>> reg = default_registry({"data_dir": tempfile.mkdtemp(), "lookup_url": ""})
    >>> reg.names()
    ['records']
    >>> [p.name for p in reg.for_type("phone")]
    ['records']
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from casegraph.enrichment.base import Provider
from casegraph.enrichment.providers.http_api import HttpApiProvider
from casegraph.enrichment.providers.records_db import DEFAULT_SEED, RecordsProvider


class Registry:
    """An ordered set of providers, each under its unique ``name``."""

    def __init__(self, providers: list[Provider] | None = None):
        self._providers: dict[str, Provider] = {}
        for provider in providers or []:
            self.register(provider)

    def register(self, provider: Provider) -> None:
        if not isinstance(provider, Provider):
            raise TypeError(f"{provider!r} does not follow the Provider protocol")
        if provider.name in self._providers:
            raise ValueError(f"a provider named {provider.name!r} is already registered")
        self._providers[provider.name] = provider

    def get(self, name: str) -> Provider:
        try:
            return self._providers[name]
        except KeyError:
            raise KeyError(f"no provider named {name!r} (have: {', '.join(self.names())})"
                           ) from None

    def names(self) -> list[str]:
        return list(self._providers)

    def for_type(self, entity_type: str) -> list[Provider]:
        """Providers that can expand an entity of ``entity_type``, in registration order."""
        return [p for p in self._providers.values() if entity_type in p.input_types]

    def __iter__(self) -> Iterator[Provider]:
        return iter(self._providers.values())

    def __len__(self) -> int:
        return len(self._providers)


def default_registry(settings: Mapping[str, Any] | None = None) -> Registry:
    """Registry from settings: ``data_dir`` (records db location; default
    ``$CASEGRAPH_DATA_DIR`` or ``var``), ``records_seed``, ``records_db``, ``lookup_url``,
    ``lookup_key``, ``lookup_timeout``.
    """
    settings = dict(settings or {})
    data_dir = Path(settings.get("data_dir") or os.environ.get("CASEGRAPH_DATA_DIR", "var"))
    db_path = settings.get("records_db") or data_dir / "records.sqlite"
    registry = Registry([RecordsProvider(db_path, settings.get("records_seed") or DEFAULT_SEED)])
    if "lookup_url" in settings and not settings["lookup_url"]:
        return registry  # explicitly off, whatever the environment says
    http = HttpApiProvider.from_settings(settings,
                                         timeout=float(settings.get("lookup_timeout", 10.0)))
    if http is not None:
        registry.register(http)
    return registry
