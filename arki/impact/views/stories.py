"""Staff pages of community reporters' stories: the moderation queue, one story with its
decision form, publishing, the story's files, and the list of reporters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.forms import apply_errors, error_text
from arki.core.services.audit import audit_identity_view

from .. import selectors
from ..services import stories as services
from ..stories.enums import Decision, StoryStatus
from ..stories.forms import ModerationForm, ReporterForm
from ..stories.models import StoryMedia


def media_response(media: StoryMedia) -> FileResponse:
    """A story's photo or audio clip, served inline with the type checked at upload."""
    try:
        handle = media.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=media.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def stories(request, slug):
    process = selectors.stories_process(request.user, slug)
    found = list(selectors.stories_for_moderation(process))
    order = [
        StoryStatus.SUBMITTED,
        StoryStatus.CHANGES,
        StoryStatus.ACCEPTED,
        StoryStatus.PUBLISHED,
        StoryStatus.REJECTED,
    ]
    groups = [(status.label, [s for s in found if s.status == status]) for status in order]
    return render(request, "impact/stories/queue.html", {"process": process, "groups": groups})


def _review_context(request, process, story, form):
    audit_identity_view(
        request,
        subject="Community reporter's story viewed",
        process=process,
        person=story.reporter.person if story.reporter else None,
        detail={"story": story.pk},
    )
    return {
        "process": process,
        "story": story,
        "form": form,
        "media": list(story.media.all()),
        "consents": list(story.consents.all()),
        "events": list(story.moderation.select_related("created_by")),
    }


@login_required
def story(request, slug, pk):
    """One story as the moderator reads it, and the decision form (accept, ask for changes,
    reject; a reason for the last two)."""
    process = selectors.stories_process(request.user, slug)
    item = selectors.story_for_moderator(process, pk)
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.story_moderate(
                story=item,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The decision was saved; the reporter can read it."))
            return redirect("impact:story", slug=process.slug, pk=item.pk)
    return render(
        request,
        "impact/stories/review.html",
        _review_context(request, process, item, form),
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def story_publish(request, slug, pk):
    """Publish an accepted story on the process site, or take a published one off it."""
    process = selectors.stories_process(request.user, slug)
    item = selectors.story_for_moderator(process, pk)
    decision = Decision.UNPUBLISH if request.POST.get("action") == "unpublish" else Decision.PUBLISH
    try:
        services.story_moderate(story=item, decision=decision, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("The story is on the public site.")
            if decision == Decision.PUBLISH
            else _("The story was taken off the public site."),
        )
    return redirect("impact:story", slug=process.slug, pk=item.pk)


@login_required
def story_media(request, slug, pk, media):
    process = selectors.stories_process(request.user, slug)
    item = selectors.story_for_moderator(process, pk)
    return media_response(get_object_or_404(item.media, pk=media))


@login_required
def reporters(request, slug):
    """The process's community reporters (pseudonym codes only) and adding one."""
    process = selectors.stories_process(request.user, slug)
    form = ReporterForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reporter_create(
                process=process,
                person=data["person_code"],
                trained_on=data["trained_on"],
                training=data["training"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The community reporter was added."))
            return redirect("impact:reporters", slug=process.slug)
    return render(
        request,
        "impact/stories/reporters.html",
        {"process": process, "reporters": selectors.reporters_of(process), "form": form},
        status=400 if form.errors else 200,
    )
