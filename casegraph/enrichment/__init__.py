"""Enrichment: expand a node through lookup providers, with provenance and an audit trail.

``expand(case, node_id, provider, context, cache=..., audit=...)`` is the entry point; providers
live in ``providers/`` and are listed by ``default_registry(settings)``.
"""

from casegraph.audit import AuditLog, verify
from casegraph.enrichment.base import (
    QUERY,
    Entity,
    FoundEntity,
    FoundLink,
    LookupContext,
    LookupResult,
    Provider,
    query_for,
)
from casegraph.enrichment.cache import LookupCache
from casegraph.enrichment.expand import (
    ExpandResult,
    accept_suggestion,
    expand,
    live_suggestions,
    positions_near,
    reject_suggestion,
)
from casegraph.enrichment.registry import Registry, default_registry

__all__ = ["QUERY", "AuditLog", "Entity", "ExpandResult", "FoundEntity", "FoundLink",
           "LookupCache", "LookupContext", "LookupResult", "Provider", "Registry",
           "accept_suggestion", "default_registry", "expand", "live_suggestions",
           "positions_near", "query_for", "reject_suggestion", "verify"]
