"""The API's operations: thin, like the site's views. Each reads through the site's own
selectors (`arki/site/selectors.py`), the same calls the public pages make, and turns what
they return into the response by an explicit list of fields (`schemas.py`), so the API and
the pages cannot disagree about what is published. Actions belong to the decisions tool and
come through its `decisions.published_actions` capability (the site imports no tool).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from arki.core.models import Process, Sitting, Workshop
from arki.core.registry import registry

from .. import selectors
from ..models import NewsPost
from . import schemas
from .http import LimitOffset

router = Router()


class Mapped(Sequence):
    """A queryset whose slices come back converted: the paginator slices (one query for the
    page) and counts (one COUNT) without turning every row into a dict."""

    def __init__(self, rows: Any, convert: Callable[[Any], dict[str, Any]]):
        self.rows, self.convert = rows, convert

    def __len__(self) -> int:
        return self.rows.count() if hasattr(self.rows, "count") else len(self.rows)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self.convert(row) for row in self.rows[index]]
        return self.convert(self.rows[index])


def _url(request: HttpRequest, name: str, *args: Any) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


def _process(request: HttpRequest, process: Process) -> dict[str, Any]:
    return {
        "slug": process.slug,
        "name": process.tr("name"),
        "description": process.tr("description"),
        "region": {"code": process.region.code, "name": process.region.tr("name")},
        "url": _url(request, "site:process", process.slug),
    }


def _workshop(request: HttpRequest, process: Process, workshop: Workshop) -> dict[str, Any]:
    phase = workshop.phase
    return {
        "position": workshop.position,
        "title": workshop.tr("title"),
        "date": workshop.date,
        "place": workshop.tr("place"),
        "municipality": workshop.municipality.tr("name") if workshop.municipality else None,
        "phase": {
            "position": phase.position,
            "kind": phase.kind,
            "kind_label": str(phase.get_kind_display()),
        }
        if phase
        else None,
        "target_groups": selectors.target_group_labels(workshop),
        "participant_count": workshop.participant_count,
        "results_published": workshop.is_published,
        "url": _url(request, "site:workshop", process.slug, workshop.position),
    }


def _sitting(sitting: Sitting) -> dict[str, Any]:
    return {
        "starts_at": sitting.starts_at,
        "ends_at": sitting.ends_at,
        "place": sitting.tr("place"),
        "municipality": sitting.municipality.tr("name") if sitting.municipality else None,
        "how_to_take_part": sitting.tr("how_to_take_part"),
    }


def _results(request: HttpRequest, process: Process, workshop: Workshop) -> dict[str, Any]:
    """The workshop's results as its page shows them: nothing before publication; then the
    summary and every tool's section rendered by the tool's own template (the one place its
    k-anonymity and publication rules live), with the page's context."""
    published = workshop.is_published
    sections = [
        {
            "title": str(section.title),
            "html": render_to_string(
                section.template,
                {"process": process, "workshop": workshop, **section.context},
                request=request,
            ).strip(),
        }
        for section in selectors.public_sections(workshop)
    ]
    return {
        "workshop": workshop.position,
        "workshop_title": workshop.tr("title"),
        "published": published,
        "published_at": workshop.published_at if published else None,
        "summary": workshop.tr("results_summary") if published else "",
        "sections": sections,
        "url": _url(request, "site:workshop", process.slug, workshop.position),
    }


def _news(request: HttpRequest, process: Process, post: NewsPost) -> dict[str, Any]:
    return {
        "slug": post.slug,
        "title": post.tr("title"),
        "body": post.tr("body"),
        "published_at": post.published_at,
        "workshop": post.workshop.position if post.workshop else None,
        "url": _url(request, "site:news_detail", process.slug, post.slug),
    }


# --- processes and phases ---------------------------------------------------------------


@router.get(
    "/processes",
    response=list[schemas.ProcessSummary],
    url_name="processes",
    summary="Public processes",
)
@paginate(LimitOffset)
def processes(request: HttpRequest) -> Any:
    """Every process shown on the public website, by name."""
    return Mapped(selectors.public_processes(), lambda p: _process(request, p))


@router.get(
    "/processes/{slug}",
    response={200: schemas.ProcessDetail, 404: schemas.Error},
    url_name="process",
    summary="One process",
)
def process(request: HttpRequest, slug: str) -> Any:
    """A public process, as its home page shows it."""
    found = selectors.get_public_process(slug)
    overview = selectors.process_overview(found, timezone.localdate())
    return {
        **_process(request, found),
        "is_over": overview.is_over,
        "feed_url": _url(request, "site:feed", found.slug),
        "calendar_url": _url(request, "site:calendar", found.slug),
    }


@router.get(
    "/processes/{slug}/phases",
    response={200: list[schemas.Phase], 404: schemas.Error},
    url_name="phases",
    summary="Phases of a process",
)
@paginate(LimitOffset)
def phases(request: HttpRequest, slug: str) -> Any:
    """The process's phases in order, each with the state its home page shows today."""
    found = selectors.get_public_process(slug)
    overview = selectors.process_overview(found, timezone.localdate())
    return [
        {
            "position": step.phase.position,
            "kind": step.phase.kind,
            "kind_label": str(step.phase.get_kind_display()),
            "season": {
                "number": season.number,
                "name": season.tr("name"),
                "theme": season.tr("theme"),
            }
            if (season := step.phase.season)
            else None,
            "starts_on": step.phase.starts_on,
            "ends_on": step.phase.ends_on,
            "description": step.phase.tr("description"),
            "state": step.state.value,
        }
        for group in overview.seasons
        for step in group.steps
    ]


# --- workshops, sittings, results --------------------------------------------------------


@router.get(
    "/processes/{slug}/workshops",
    response={200: list[schemas.WorkshopSummary], 404: schemas.Error},
    url_name="workshops",
    summary="Workshops of a process",
)
@paginate(LimitOffset)
def workshops(request: HttpRequest, slug: str) -> Any:
    """The process's workshops in order."""
    found = selectors.get_public_process(slug)
    return Mapped(selectors.public_workshops(found), lambda w: _workshop(request, found, w))


@router.get(
    "/processes/{slug}/workshops/{int:position}",
    response={200: schemas.WorkshopDetail, 404: schemas.Error},
    url_name="workshop",
    summary="One workshop",
)
def workshop(request: HttpRequest, slug: str, position: int) -> Any:
    """A workshop as its page shows it: facts, sittings, agenda, methods and results."""
    found = selectors.get_public_process(slug)
    item = selectors.get_public_workshop(found, position)
    return {
        **_workshop(request, found, item),
        "agenda": [line for line in item.tr("agenda").splitlines() if line.strip()],
        "methods": item.tr("methods"),
        "sittings": [_sitting(s) for s in selectors.public_sittings(item)],
        "results": _results(request, found, item),
    }


@router.get(
    "/processes/{slug}/workshops/{int:position}/sittings",
    response={200: list[schemas.Sitting], 404: schemas.Error},
    url_name="sittings",
    summary="Sittings of a workshop",
)
@paginate(LimitOffset)
def sittings(request: HttpRequest, slug: str, position: int) -> Any:
    """Where and when the workshop is held (the facilitator is not named, as on the page)."""
    found = selectors.get_public_process(slug)
    item = selectors.get_public_workshop(found, position)
    return Mapped(selectors.public_sittings(item), _sitting)


@router.get(
    "/processes/{slug}/workshops/{int:position}/results",
    response={200: schemas.Results, 404: schemas.Error},
    url_name="workshop_results",
    summary="Results of a workshop",
)
def workshop_results(request: HttpRequest, slug: str, position: int) -> Any:
    """The workshop's published results; `published` is false (and nothing else is given)
    until staff publish them."""
    found = selectors.get_public_process(slug)
    return _results(request, found, selectors.get_public_workshop(found, position))


@router.get(
    "/processes/{slug}/results",
    response={200: list[schemas.Results], 404: schemas.Error},
    url_name="results",
    summary="Published results of a process",
)
@paginate(LimitOffset)
def results(request: HttpRequest, slug: str) -> Any:
    """Every workshop whose results are published, in the workshops' order."""
    found = selectors.get_public_process(slug)
    published = selectors.public_workshops(found).filter(is_published=True)
    return Mapped(published, lambda w: _results(request, found, w))


# --- news ------------------------------------------------------------------------------


@router.get(
    "/processes/{slug}/news",
    response={200: list[schemas.NewsPost], 404: schemas.Error},
    url_name="news",
    summary="News of a process",
)
@paginate(LimitOffset)
def news(request: HttpRequest, slug: str) -> Any:
    """Published news, newest first; drafts and posts scheduled for later are not shown."""
    found = selectors.get_public_process(slug)
    posts = selectors.published_news(found).select_related("workshop")
    return Mapped(posts, lambda p: _news(request, found, p))


@router.get(
    "/processes/{slug}/news/{news_slug}",
    response={200: schemas.NewsPost, 404: schemas.Error},
    url_name="news_post",
    summary="One news post",
)
def news_post(request: HttpRequest, slug: str, news_slug: str) -> Any:
    found = selectors.get_public_process(slug)
    return _news(request, found, selectors.get_public_news_post(found, news_slug))


# --- actions (the decisions tool, through its capability) ---------------------------------


def _actions(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    found = selectors.get_public_process(slug)
    provider = registry.capability("decisions.published_actions")
    if provider is None:
        raise HttpError(404, gettext("Actions need the decisions tool, which is not installed."))
    return [
        {
            **{k: v for k, v in action.items() if k != "public_url"},
            "url": _absolute(request, action),
        }
        for action in provider(found)
    ]


def _absolute(request: HttpRequest, action: dict[str, Any]) -> str:
    return request.build_absolute_uri(action["public_url"])


@router.get(
    "/processes/{slug}/actions",
    response={200: list[schemas.Action], 404: schemas.Error},
    url_name="actions",
    summary="Actions of a process",
)
@paginate(LimitOffset)
def actions(request: HttpRequest, slug: str) -> Any:
    """Published actions by level, with their published progress notes, as the public action
    tracker shows them. 404 where the decisions tool is not installed."""
    return _actions(request, slug)


@router.get(
    "/processes/{slug}/actions/{int:pk}",
    response={200: schemas.Action, 404: schemas.Error},
    url_name="action",
    summary="One action",
)
def action(request: HttpRequest, slug: str, pk: int) -> Any:
    for item in _actions(request, slug):
        if item["id"] == pk:
            return item
    raise Http404
