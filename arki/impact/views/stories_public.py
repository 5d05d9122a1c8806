"""Pages without a staff account: published stories on the process site and their feed, and
the community reporter's own pages (signed in with their personal access code)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.forms import apply_errors, error_text
from arki.core.models import Process
from arki.core.throttle import TooManyAttempts

from .. import selectors
from ..services import stories as services
from ..stories import access, links
from ..stories.forms import CodeForm, ConsentForm, MediaForm, StoryForm
from ..stories.models import Reporter, Story
from .stories import media_response


def _public_process(slug: str) -> Process:
    return get_object_or_404(Process, slug=slug, is_public=True)


def byline(story: Story) -> str:
    return story.byline or gettext("A community reporter")


# --- the public site --------------------------------------------------------------------


def story_list(request, slug):
    process = _public_process(slug)
    return render(
        request,
        "impact/stories/public/list.html",
        {"process": process, "stories": selectors.published_stories(process)},
    )


def story_detail(request, slug, pk):
    process = _public_process(slug)
    story = selectors.public_story(process, pk)
    # Link the concept or action only while the decisions tool shows it publicly.
    concept = links.ref(links.CONCEPTS, process, story.concept_id)
    action = links.ref(links.ACTIONS, process, story.action_id)
    return render(
        request,
        "impact/stories/public/detail.html",
        {
            "process": process,
            "story": story,
            "byline": byline(story),
            "concept": concept if concept and concept.public_url else None,
            "action": action if action and action.public_url else None,
            "workshop_public": story.workshop is not None and story.workshop.is_published,
        },
    )


def story_media(request, slug, pk, media):
    process = _public_process(slug)
    story = selectors.public_story(process, pk)
    return media_response(get_object_or_404(story.media, pk=media))


class StoryFeed(Feed):
    """Published stories of one process as an Atom feed (RFC 4287): each entry has its id,
    title, author (the byline, or "a community reporter") and `updated` = the time the story
    was published. The site's own feed has no hook for tools, so stories have their own."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Process:
        return _public_process(slug)

    def title(self, obj: Process) -> str:
        return gettext("Community reporters' stories: %(process)s") % {"process": obj.tr("name")}

    def subtitle(self, obj: Process) -> str:
        return gettext("Residents' own experiences of welfare services")

    def link(self, obj: Process) -> str:
        return reverse("impact_public:stories", args=[obj.slug])

    def feed_url(self, obj: Process) -> str:
        return reverse("impact_public:story_feed", args=[obj.slug])

    def feed_guid(self, obj: Process) -> str:
        return f"arki:{obj.slug}:stories:{get_language()}"

    def author_name(self, obj: Process) -> str:
        return obj.tr("name")

    def items(self, obj: Process) -> list[Story]:
        return list(selectors.published_stories(obj)[:30])

    def item_title(self, item: Story) -> str:
        return item.title

    def item_description(self, item: Story) -> str:
        return item.text

    def item_link(self, item: Story) -> str:
        return reverse("impact_public:story", args=[item.process.slug, item.pk])

    def item_guid(self, item: Story) -> str:
        # As in the site's feed: each language's feed has entries of its own (the byline's
        # fallback is translated), so each needs an id of its own (RFC 4287 §4.2.6).
        return f"arki:{item.process.slug}:story:{item.pk}:{get_language()}"

    item_guid_is_permalink = False

    def item_author_name(self, item: Story) -> str:
        return byline(item)

    def item_pubdate(self, item: Story) -> datetime.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Story) -> datetime.datetime | None:
        return item.published_at


# --- the reporter's own pages -----------------------------------------------------------


def reporter_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages of a signed-in reporter; without one, the sign-in page."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        process = get_object_or_404(Process, slug=slug)
        reporter = access.current_reporter(request, process)
        if reporter is None:
            return redirect("impact_public:reporter", slug=process.slug)
        return view(request, reporter, *args, **kwargs)

    return wrapper


def _own_story(reporter: Reporter, pk: int) -> Story:
    return get_object_or_404(
        Story.objects.select_related("process", "workshop"), pk=pk, reporter=reporter
    )


def reporter_home(request, slug):
    """Sign in with the personal access code; once in, the reporter's own stories."""
    process = get_object_or_404(Process, slug=slug)
    reporter = access.current_reporter(request, process)
    form = CodeForm(request.POST or None)
    status = 200
    if reporter is None and request.method == "POST" and form.is_valid():
        try:
            reporter = access.reporter_for_code(request, process, form.cleaned_data["code"])
        except TooManyAttempts as error:
            form.add_error(None, error.message)
            status = 429
        else:
            if reporter is None:
                form.add_error("code", _("The code is not a community reporter's code."))
            else:
                return redirect("impact_public:reporter", slug=process.slug)
    if reporter is None:
        return render(
            request,
            "impact/stories/reporter/sign_in.html",
            {"process": process, "form": form},
            status=400 if form.errors and status == 200 else status,
        )
    return render(
        request,
        "impact/stories/reporter/home.html",
        {
            "process": process,
            "reporter": reporter,
            "stories": reporter.stories.order_by("-modified_at", "-pk"),
        },
    )


@require_POST
def reporter_leave(request, slug):
    access.leave(request)
    return redirect("impact_public:reporter", slug=slug)


@reporter_required
def story_new(request, reporter):
    process = reporter.process
    form = StoryForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            story = services.story_create(reporter=reporter, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The story was saved as a draft."))
            return redirect("impact_public:story_edit", slug=process.slug, pk=story.pk)
    return render(
        request,
        "impact/stories/reporter/new.html",
        {"process": process, "reporter": reporter, "form": form},
        status=400 if form.errors else 200,
    )


def _edit_context(reporter, story, **forms):
    process = reporter.process
    initial = {
        "title": story.title,
        "text": story.text,
        "language": story.language,
        "byline": story.byline,
        "workshop": story.workshop,
        "concept_id": story.concept_id,
        "action_id": story.action_id,
    }
    return {
        "process": process,
        "reporter": reporter,
        "story": story,
        "form": forms.get("form") or StoryForm(initial=initial, process=process),
        "media_form": forms.get("media_form") or MediaForm(),
        "consent_form": forms.get("consent_form") or ConsentForm(),
        "media": list(story.media.all()),
        "consents": list(story.consents.all()),
        # The moderators' reasons the reporter must read (asking for changes, rejecting).
        "reasons": [e for e in story.moderation.all() if e.reason],
    }


@reporter_required
def story_edit(request, reporter, pk):
    story = _own_story(reporter, pk)
    form = StoryForm(request.POST or None, process=reporter.process) if request.POST else None
    if form is not None and form.is_valid():
        try:
            services.story_update(story=story, reporter=reporter, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The story was saved."))
            return redirect("impact_public:story_edit", slug=reporter.process.slug, pk=story.pk)
    return render(
        request,
        "impact/stories/reporter/edit.html",
        _edit_context(reporter, story, form=form),
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
@reporter_required
def media_add(request, reporter, pk):
    story = _own_story(reporter, pk)
    form = MediaForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.media_add(
                story=story,
                reporter=reporter,
                kind=data["kind"],
                upload=data["file"],
                alt_text=data["alt_text"],
                transcript=data["transcript"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The file was added to the story."))
            return redirect("impact_public:story_edit", slug=reporter.process.slug, pk=story.pk)
    return render(
        request,
        "impact/stories/reporter/edit.html",
        _edit_context(reporter, story, media_form=form),
        status=400,
    )


@require_POST
@reporter_required
def media_remove(request, reporter, pk, media):
    story = _own_story(reporter, pk)
    try:
        services.media_remove(media=get_object_or_404(story.media, pk=media), reporter=reporter)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The file was removed."))
    return redirect("impact_public:story_edit", slug=reporter.process.slug, pk=story.pk)


@reporter_required
def own_media(request, reporter, pk, media):
    story = _own_story(reporter, pk)
    return media_response(get_object_or_404(story.media, pk=media))


@require_POST
@reporter_required
def consent_add(request, reporter, pk):
    story = _own_story(reporter, pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.consent_add(story=story, reporter=reporter, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("impact_public:story_edit", slug=reporter.process.slug, pk=story.pk)
    return render(
        request,
        "impact/stories/reporter/edit.html",
        _edit_context(reporter, story, consent_form=form),
        status=400,
    )


@require_POST
@reporter_required
def consent_remove(request, reporter, pk, consent):
    story = _own_story(reporter, pk)
    try:
        services.consent_remove(
            consent=get_object_or_404(story.consents, pk=consent), reporter=reporter
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("impact_public:story_edit", slug=reporter.process.slug, pk=story.pk)


@require_POST
@reporter_required
def story_submit(request, reporter, pk):
    story = _own_story(reporter, pk)
    try:
        services.story_submit(story=story, reporter=reporter)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("impact_public:story_edit", slug=reporter.process.slug, pk=story.pk)
    messages.success(request, _("Thank you! The story was sent to the moderators."))
    return redirect("impact_public:reporter", slug=reporter.process.slug)
