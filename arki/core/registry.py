"""The tool registry: how process tools plug into the core without the core importing them.

Each tool app calls `load_tool(self)` in its `AppConfig.ready()`, which imports the tool's
`manifest.py` and registers its `ToolManifest`. The manifest is the whole contract of a tool:
what it needs (`requires`), what it offers to other tools (`provides`, read through
`registry.capability()`), its permission actions, activities, pages, jobs, demo and GDPR
hooks. The core builds the staff process page, the workshop screen, URL routing, the demo
loader, the metrics list and the GDPR export/erasure from what is registered here, and
`arki/core/checks.py` verifies the contracts with `arki check`.
"""

from __future__ import annotations

import ast
import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from django.apps import AppConfig

    from .activities import Activity
    from .demo import DemoContext
    from .jobs import JobContext
    from .models import Person, Process, Workshop
    from .outbox.due import DueMessage


@dataclass(frozen=True)
class Page:
    """A staff page a tool adds to the process page. `url_name` takes the process slug."""

    label: Any
    url_name: str
    roles: frozenset[str]
    description: Any = ""


@dataclass(frozen=True)
class FigureCell:
    """One value of a figure's breakdown (`Metric.breakdown`): a month and a place.

    `month` is the month's first day; `municipality` a Statistics Finland code (``"205"``), or
    None for the process's whole area, which is not always the sum of its municipalities (an
    older person helped in two of them is one person). `people` is how many distinct people
    the value rests on where it rests on people (a count of people, a share of their
    answers), else None: the impact tool withholds a cell of 1 to k-1 people.
    """

    month: datetime.date
    municipality: str | None
    value: float | int | None
    people: int | None = None


#: `breakdown(process, first, last)`: the figure per municipality and month from the month
#: of `first` to the month of `last` (both first days of months).
Breakdown = Callable[["Process", datetime.date, datetime.date], Iterable[FigureCell]]


@dataclass(frozen=True)
class Metric:
    """A figure a tool feeds to the metrics of a process (read by the impact tool).

    `compute(process)` is the figure now, for the whole process. `breakdown`, optional, gives
    it per municipality and month (see `FigureCell`); a tool offers it where its rows carry a
    place and a date, and leaves it None where they do not (a status with no history). The
    contract of a breakdown: computed from the same rows by the same rules as `compute`, a
    cell for every month of the range and every municipality of the process, plus the whole
    area (None), where the figure has a value — 0 where a count has nothing in it — and no
    cell (or value None) where it has none (a share of no answers). The impact tool applies
    the k-anonymity rule to the cells; a breakdown returns them as they are.
    """

    key: str
    label: Any
    unit: Any
    compute: Callable[[Process], float | int | None]
    breakdown: Breakdown | None = None


def month_starts(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first day of every month from `first`'s month to `last`'s, in order (a helper
    for breakdowns: a cell per month, also those without rows)."""
    month = first.replace(day=1)
    result = []
    while month <= last:
        result.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return result


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
class PublicLink:
    """A public page a tool keeps for a whole process (an action tracker, an impact view),
    linked from every public page of the process. `url_name` takes the process slug."""

    label: Any
    url_name: str


@dataclass(frozen=True)
class OpenColumn:
    """A column of an open dataset. `type` is a Frictionless Table Schema type (string,
    integer, number, date, datetime, boolean); `dimension` marks the columns that are
    JSON-stat dimensions when the dataset is also offered as JSON-stat 2."""

    name: str
    title: Any
    description: Any
    type: str = "string"
    dimension: bool = False


@dataclass(frozen=True)
class OpenFile:
    """A further file of a dataset in a format of its own (a budget round as pabulib `.pb`).
    `content` must state the licence in the file's own metadata."""

    filename: str
    media_type: str
    title: Any
    content: str


@dataclass(frozen=True)
class OpenDataset:
    """Published results a tool offers as open data (CC BY 4.0) on a process's data page.

    `rows(process)` returns the rows in the order of `columns`: only what the tool has
    published, never personal data, and no row about fewer people than `ARKI_K_ANONYMITY`
    (the tool withholds such rows or cells). The site writes them as CSV, and as JSON-stat 2
    when `jsonstat` is set (the `dimension` columns are the cube's dimensions and the
    `value` column the measure; a `status` column carries "withheld"). `files(process)`
    adds files of formats of their own. `name` is the file name: lower case and hyphens.
    """

    name: str
    title: Any
    description: Any
    columns: Sequence[OpenColumn]
    rows: Callable[[Process], Sequence[Sequence[Any]]]
    jsonstat: bool = False
    files: Callable[[Process], Sequence[OpenFile]] | None = None


@dataclass(frozen=True)
class ToolManifest:
    """Everything a tool is to the rest of Arki; nothing else about it is looked up by name.

    `requires` names the tools whose modules this tool imports (its models point at theirs):
    the import-linter contracts in pyproject.toml allow exactly these imports, and
    `arki check` fails when one is not installed. `provides` maps capability names
    (``"personas.of_people"``) to read functions other tools call through
    `registry.capability()` without importing this tool, so that they keep working, visibly
    reduced, when it is absent. `actions` are the tool's permission actions and the roles
    allowed (registered into `arki.core.permissions.ACTIONS` with the manifest). `settings`
    names the Django settings the tool reads: their values stay in `config/settings` because
    they vary per installation and come from the environment (secrets, legal thresholds).
    """

    name: str
    label: Any
    description: Any = ""
    requires: Sequence[str] = ()
    provides: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    actions: Mapping[str, Iterable[str]] = field(default_factory=dict)
    settings: Sequence[str] = ()
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
    public_links: Sequence[PublicLink] = ()
    # Published results as open data files on the process's public data page.
    open_data: Sequence[OpenDataset] = ()
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
    # A text message came in from `phone` (E.164) through the operator's webhook: the tool
    # uses it if it was expecting one from that number (an answer "1"–"3") and returns True;
    # otherwise False, and the next tool is asked. Called as hook(phone=…, text=…).
    sms_reply: Callable[..., bool] | None = None
    # Scheduled messages (arki.core.outbox): given the scheduler's clock, the messages due now
    # (a help task's or an event's reminder the day before, a diary due today). The core sends
    # each once per person, by the person's channel and in their language.
    scheduled_messages: Callable[[datetime.datetime], Iterable[DueMessage]] | None = None


class RegistryError(Exception):
    pass


class ToolRegistry:
    def __init__(self) -> None:
        self._tools: dict[str, ToolManifest] = {}

    def register(self, manifest: ToolManifest) -> None:
        """Add a tool and its permission actions (the one way a tool's actions are defined).

        Missing requirements and capabilities offered twice are not refused here but reported
        by `arki check` (arki/core/checks.py), which sees every tool at once.
        """
        from .permissions import register_action

        if manifest.name in self._tools:
            raise RegistryError(f"Tool {manifest.name!r} is registered twice.")
        keys = {a.key for a in self.activities()}
        for activity in manifest.activities:
            if activity.key in keys:
                raise RegistryError(f"Activity {activity.key!r} is registered twice.")
        for action, roles in manifest.actions.items():
            register_action(action, roles)
        self._tools[manifest.name] = manifest

    def is_installed(self, name: str) -> bool:
        return name in self._tools

    def capability(self, name: str) -> Callable[..., Any] | None:
        """The function some installed tool provides under `name`, or None if none does.

        Callers must handle None (show that the part needs the providing tool) rather than
        import the provider: a tool that is not installed cannot even have its models loaded.
        """
        for tool in self._tools.values():
            if name in tool.provides:
                return tool.provides[name]
        return None

    def providers(self, name: str) -> list[str]:
        return [tool.name for tool in self._tools.values() if name in tool.provides]

    def unregister(self, name: str) -> None:
        from .permissions import ACTIONS

        manifest = self._tools.pop(name, None)
        for action in manifest.actions if manifest else ():
            ACTIONS.pop(action, None)

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

    def public_links(self) -> list[PublicLink]:
        return [link for tool in self._tools.values() for link in tool.public_links]

    def open_datasets(self) -> list[OpenDataset]:
        return [dataset for tool in self._tools.values() for dataset in tool.open_data]

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

    def sms_reply_hooks(self) -> list[Callable[..., bool]]:
        return [t.sms_reply for t in self._tools.values() if t.sms_reply is not None]

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

    def scheduled_message_sources(self) -> list[Callable[[datetime.datetime], Iterable[Any]]]:
        return [t.scheduled_messages for t in self._tools.values() if t.scheduled_messages]

    def job(self, kind: str) -> Callable[[JobContext], Any]:
        for tool in self._tools.values():
            if kind in tool.jobs:
                return tool.jobs[kind]
        raise KeyError(kind)


registry = ToolRegistry()


def declared_requires(manifest_path: Path) -> list[str]:
    """Read `requires=(…)` from a manifest's source without importing it.

    Used only to explain a manifest that failed to import: importing it is what failed, most
    often because a tool it requires is not installed and so its models cannot load.
    """
    try:
        tree = ast.parse(manifest_path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "requires":
            try:
                return [str(name) for name in ast.literal_eval(node.value)]
            except ValueError:
                return []
    return []


def load_tool(app_config: AppConfig) -> ToolManifest:
    """Import `<app>.manifest` and register its MANIFEST; called from every `ready()`.

    When the import fails because a required tool is missing (ARKI_TOOLS=budgeting without
    insight), say so in plain words instead of Django's "Model class … isn't in
    INSTALLED_APPS".
    """
    from django.apps import apps

    try:
        module = import_module(f"{app_config.name}.manifest")
    except (RuntimeError, LookupError, ImportError) as error:
        requires = declared_requires(Path(app_config.path) / "manifest.py")
        missing = [name for name in requires if not apps.is_installed(f"arki.{name}")]
        if not missing:
            raise
        raise ImproperlyConfigured(
            f"The {app_config.label!r} tool requires the tool(s) {', '.join(missing)}, which "
            f"are not installed: add them to ARKI_TOOLS (or leave ARKI_TOOLS unset for every "
            f"tool). ({error})"
        ) from error
    manifest: ToolManifest = module.MANIFEST
    registry.register(manifest)
    return manifest
