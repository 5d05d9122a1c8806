"""The tool registry: how process tools plug into the core without the core importing them.

Each tool app calls `registry.register(ToolManifest(...))` in its `AppConfig.ready()`. The
core builds the staff process page, the workshop screen, URL routing, the demo loader, the
metrics list and the GDPR export/erasure from what is registered here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .activities import Activity
    from .demo import DemoContext
    from .jobs import JobContext
    from .models import Person, Process, Workshop


@dataclass(frozen=True)
class Page:
    """A staff page a tool adds to the process page. `url_name` takes the process slug."""

    label: Any
    url_name: str
    roles: frozenset[str]
    description: Any = ""


@dataclass(frozen=True)
class Metric:
    """A figure a tool feeds to the metrics of a process (read by the impact tool)."""

    key: str
    label: Any
    unit: Any
    compute: Callable[[Process], float | int | None]


@dataclass(frozen=True)
class Export:
    """A download a tool offers; `url_name` takes the process slug."""

    label: Any
    url_name: str
    roles: frozenset[str]
    personal_data: bool = False


@dataclass(frozen=True)
class DemoStep:
    """Builds a tool's part of the Kainuu demo; lower `order` runs first."""

    order: int
    load: Callable[[DemoContext], None]


@dataclass(frozen=True)
class PublicSection:
    """A block of published results a tool contributes to a workshop's public page."""

    title: Any
    template: str
    context: Mapping[str, Any]


@dataclass(frozen=True)
class ToolManifest:
    name: str
    label: Any
    description: Any = ""
    activities: Sequence[type[Activity]] = ()
    urls: str | None = None
    url_prefix: str = ""
    public_urls: str | None = None
    public_url_prefix: str = ""
    pages: Sequence[Page] = ()
    metrics: Sequence[Metric] = ()
    exports: Sequence[Export] = ()
    demo: DemoStep | None = None
    jobs: Mapping[str, Callable[[JobContext], Any]] = field(default_factory=dict)
    public_sections: Callable[[Workshop], list[PublicSection]] | None = None
    # GDPR: everything the tool holds about one person, as JSON-ready data…
    personal_data_export: Callable[[Person], Mapping[str, Any]] | None = None
    # …and erase/anonymise it, returning what was done as {"what": count}; aggregate
    # counts (votes, returned diaries) must survive.
    personal_data_erase: Callable[[Person], Mapping[str, int]] | None = None
    # A person's municipality or age band was edited (`person_update`): the tool brings what it
    # keeps by those keys up to date (aggregate counts). Called inside the edit's transaction
    # with the person as saved and the old values {"municipality_id": …, "age_band": …}.
    person_changed: Callable[[Person, Mapping[str, Any]], None] | None = None
    # Spans of diary answers that staff hid from analysts, as {(diary day id, field): [(start,
    # end), …]} for the given day ids: the owner of the text applies them (insight's
    # `redaction.TextGate`) on every analyst-facing page and export.
    text_redactions: (
        Callable[[Sequence[int]], Mapping[tuple[int, str], Sequence[tuple[int, int]]]] | None
    ) = None
    # Texts staff hid everywhere in a participant's texts, as {participant id: [text, …]}:
    # masked wherever they occur, also where there are no spans (service-map rows).
    hidden_phrases: Callable[[Sequence[int]], Mapping[int, Sequence[str]]] | None = None


class RegistryError(Exception):
    pass


class ToolRegistry:
    def __init__(self) -> None:
        self._tools: dict[str, ToolManifest] = {}

    def register(self, manifest: ToolManifest) -> None:
        if manifest.name in self._tools:
            raise RegistryError(f"Tool {manifest.name!r} is registered twice.")
        keys = {a.key for a in self.activities()}
        for activity in manifest.activities:
            if activity.key in keys:
                raise RegistryError(f"Activity {activity.key!r} is registered twice.")
        self._tools[manifest.name] = manifest

    def unregister(self, name: str) -> None:
        self._tools.pop(name, None)

    def tools(self) -> list[ToolManifest]:
        return list(self._tools.values())

    def tool(self, name: str) -> ToolManifest:
        return self._tools[name]

    def activities(self) -> list[type[Activity]]:
        return [a for tool in self._tools.values() for a in tool.activities]

    def activity(self, key: str) -> type[Activity]:
        for activity in self.activities():
            if activity.key == key:
                return activity
        raise KeyError(key)

    def pages(self) -> Iterable[tuple[ToolManifest, Page]]:
        for tool in self._tools.values():
            for page in tool.pages:
                yield tool, page

    def metrics(self) -> list[Metric]:
        return [m for tool in self._tools.values() for m in tool.metrics]

    def exports(self) -> Iterable[tuple[ToolManifest, Export]]:
        for tool in self._tools.values():
            for export in tool.exports:
                yield tool, export

    def demo_steps(self) -> list[tuple[str, DemoStep]]:
        steps = [(t.name, t.demo) for t in self._tools.values() if t.demo is not None]
        return sorted(steps, key=lambda item: item[1].order)

    def person_changed_hooks(self) -> list[Callable[[Person, Mapping[str, Any]], None]]:
        return [t.person_changed for t in self._tools.values() if t.person_changed is not None]

    def text_redactions(
        self, day_ids: Sequence[int]
    ) -> dict[tuple[int, str], list[tuple[int, int]]]:
        """Every tool's staff redactions of the given diary days, merged."""
        spans: dict[tuple[int, str], list[tuple[int, int]]] = {}
        for tool in self._tools.values():
            if tool.text_redactions is not None and day_ids:
                for key, found in tool.text_redactions(day_ids).items():
                    spans.setdefault(key, []).extend(found)
        return spans

    def hidden_phrases(self, participant_ids: Sequence[int]) -> dict[int, list[str]]:
        """Every tool's texts hidden everywhere in the given participants' texts, merged."""
        phrases: dict[int, list[str]] = {}
        for tool in self._tools.values():
            if tool.hidden_phrases is not None and participant_ids:
                for key, found in tool.hidden_phrases(participant_ids).items():
                    phrases.setdefault(key, []).extend(found)
        return phrases

    def job(self, kind: str) -> Callable[[JobContext], Any]:
        for tool in self._tools.values():
            if kind in tool.jobs:
                return tool.jobs[kind]
        raise KeyError(kind)


registry = ToolRegistry()
