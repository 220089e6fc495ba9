"""Limits on the size of a case, with messages that say which limit and how to raise it.

A case past a few hundred thousand entities takes minutes and gigabytes to open, and a
server worker that runs out of memory answers nobody. The limits are checked before a case
or a change is stored (``Workspace.import_case``, ``Workspace.apply_change``) and can be
called earlier by anything that knows the size sooner (a loader counting rows).

    >>> check_size(10, 20)
    >>> try:
    ...     check_size(10, 20, entity_limit=5)
    ... except CaseTooLarge as exc:
    ...     print(str(exc)[:58], "CASEGRAPH_MAX_ENTITIES" in str(exc))
    This case would hold 10 entities; the limit is 5 per case. True
"""

from __future__ import annotations

import os

DEFAULT_MAX_ENTITIES = 200_000
DEFAULT_MAX_LINKS = 1_000_000
ENTITIES_VAR = "CASEGRAPH_MAX_ENTITIES"
LINKS_VAR = "CASEGRAPH_MAX_LINKS"


class CaseTooLarge(ValueError):
    """A case or a change that would pass a size limit; the message is for the analyst."""


def _setting(name: str, default: int) -> int:
    raw = os.environ.get(name, "").replace("_", "").replace(",", "").strip()
    try:
        return max(1, int(raw)) if raw else default
    except ValueError:
        return default


def max_entities() -> int:
    """Entities allowed in one case (``CASEGRAPH_MAX_ENTITIES``, default 200,000)."""
    return _setting(ENTITIES_VAR, DEFAULT_MAX_ENTITIES)


def max_links() -> int:
    """Links allowed in one case (``CASEGRAPH_MAX_LINKS``, default 1,000,000)."""
    return _setting(LINKS_VAR, DEFAULT_MAX_LINKS)


def check_size(entities: int, links: int, *, what: str = "This case",
               entity_limit: int | None = None, link_limit: int | None = None) -> None:
    """Raise :class:`CaseTooLarge` when ``entities`` or ``links`` pass their limit (the
    configured ones unless given)."""
    checks = ((entities, entity_limit or max_entities(), "entities", ENTITIES_VAR),
              (links, link_limit or max_links(), "links", LINKS_VAR))
    for count, limit, noun, var in checks:
        if count > limit:
            raise CaseTooLarge(
                f"{what} would hold {count:,} {noun}; the limit is {limit:,} per case. "
                f"An administrator can raise it by setting {var} (for example "
                f"{var}={count}) and restarting the server. Nothing was changed.")
