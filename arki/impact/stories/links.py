"""Concepts and actions of the decisions tool, read through the registry (never imported).

A story can be linked to a concept or an action. This tool may not import the decisions
tool, so it asks the registry for two read capabilities, each a function of the process
returning the linkable items:

- ``decisions.concept_refs(process)`` and ``decisions.action_refs(process)`` -> an iterable
  of items with ``id``, ``title`` and ``public_url`` (the public page's address, or None
  while the item is not published); an item may be an object or a mapping.

When no installed tool provides them (the decisions tool is absent, or does not offer them
yet), stories simply cannot be linked to concepts or actions and the pages say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from arki.core.models import Process
from arki.core.registry import registry

CONCEPTS = "decisions.concept_refs"
ACTIONS = "decisions.action_refs"


@dataclass(frozen=True)
class Ref:
    id: int
    title: str
    public_url: str | None


def _field(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)


def refs(capability: str, process: Process) -> list[Ref] | None:
    """The items the capability offers for the process, or None when nobody provides it."""
    provider = registry.capability(capability)
    if provider is None:
        return None
    return [
        Ref(int(_field(item, "id")), str(_field(item, "title") or ""), _field(item, "public_url"))
        for item in provider(process) or ()
    ]


def ref(capability: str, process: Process, pk: int | None) -> Ref | None:
    if pk is None:
        return None
    return next((r for r in refs(capability, process) or () if r.id == pk), None)
