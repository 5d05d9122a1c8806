"""Writes of community reporters' stories: `<entity>_<verb>(*, …)`, validated, atomic.

A story moves draft → submitted → (changes requested → submitted …) → accepted → published,
or → rejected. Only the reporter writes a story, and only while it is a draft or changes were
requested; only staff moderate and publish. Every refusal is a `ValidationError` with a
translated message, raised before anything is written. Each transition locks the story's row
first (`select_for_update`), so two moderators clicking at once cannot both decide, and the
rules that span tables (an accepted story has a consent record) are checked under that lock.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arki.core.models import Meeting, Person, Process, User
from arki.core.services.writes import Audited, create_clean, save_fields

from ..stories import links
from ..stories.enums import NEEDS_REASON, Decision, StoryStatus
from ..stories.media import clean_media
from ..stories.models import ModerationEvent, Reporter, Story, StoryConsent, StoryMedia

#: Fields of a story the reporter writes on the story form.
STORY_FIELDS = ("title", "text", "language", "byline", "workshop", "concept_id", "action_id")


def reporter_create(
    *,
    process: Process,
    person: Person | None = None,
    user: User | None = None,
    trained_on: datetime.date | None = None,
    training: Meeting | None = None,
    by: User | None = None,
) -> Reporter:
    """Make a resident a community reporter of the process (after their training)."""
    if person is not None and person.process_id != process.pk:
        raise ValidationError(_("This participant takes part in another process."))
    if training is not None and training.process_id != process.pk:
        raise ValidationError(_("This meeting belongs to another process."))
    if person is not None and Reporter.objects.filter(process=process, person=person).exists():
        raise ValidationError(_("This participant is already a community reporter."))
    return create_clean(
        Reporter,
        by=by,
        process=process,
        person=person,
        user=user,
        trained_on=trained_on or (training.date if training else None),
        training=training,
        audit=Audited(subject="Community reporter added", person=person, process=process),
    )


def _check_links(process: Process, fields: dict[str, Any], story: Story | None = None) -> None:
    """The workshop is the process's; a concept or action id is one the decisions tool offers,
    and its title is copied (this tool never reads the decisions tool's rows). A link the
    story already has is kept as it is, so an edit never fails because the decisions tool
    has gone or stopped offering the item."""
    workshop = fields.get("workshop")
    if workshop is not None and workshop.process_id != process.pk:
        raise ValidationError(_("This workshop belongs to another process."))
    for key, capability in (("concept", links.CONCEPTS), ("action", links.ACTIONS)):
        pk = fields.get(f"{key}_id")
        if pk is None:
            fields[f"{key}_title"] = ""
            continue
        if story is not None and pk == getattr(story, f"{key}_id"):
            fields[f"{key}_title"] = getattr(story, f"{key}_title")
            continue
        found = links.ref(capability, process, pk)
        if found is None:
            raise ValidationError(
                _("This concept cannot be linked.")
                if key == "concept"
                else _("This action cannot be linked.")
            )
        fields[f"{key}_title"] = found.title


def _locked(story: Story) -> Story:
    return Story.objects.select_for_update().get(pk=story.pk)


def _check_editable(story: Story) -> None:
    if not story.is_editable:
        raise ValidationError(
            _("This story can no longer be edited: its status is “%(status)s”.")
            % {"status": story.get_status_display()}
        )


def _check_reporter(story: Story, reporter: Reporter) -> None:
    if story.reporter_id != reporter.pk:
        raise ValidationError(_("This story belongs to another reporter."))


@transaction.atomic
def story_create(*, reporter: Reporter, **fields: Any) -> Story:
    """A new draft by the reporter (fields: those of `STORY_FIELDS`)."""
    if not reporter.is_active:
        raise ValidationError(_("You are no longer a community reporter in this process."))
    values = {name: fields.get(name) for name in STORY_FIELDS}
    values["language"] = values["language"] or "fi"
    values["byline"] = values["byline"] or ""
    _check_links(reporter.process, values)
    return create_clean(
        Story, by=reporter.user, process=reporter.process, reporter=reporter, **values
    )


@transaction.atomic
def story_update(*, story: Story, reporter: Reporter, **fields: Any) -> Story:
    """The reporter's edit, allowed only while the story is a draft or changes were asked."""
    story = _locked(story)
    _check_reporter(story, reporter)
    _check_editable(story)
    values = {name: fields.get(name, getattr(story, name)) for name in STORY_FIELDS}
    _check_links(story.process, values, story)
    for name, value in values.items():
        setattr(story, name, value)
    save_fields(story, reporter.user, [*values], clean=True)
    return story


@transaction.atomic
def media_add(
    *,
    story: Story,
    reporter: Reporter,
    kind: str,
    upload: UploadedFile | None,
    alt_text: str = "",
    transcript: str = "",
) -> StoryMedia:
    """Add a photo (alt text required) or an audio clip (transcript required)."""
    story = _locked(story)
    _check_reporter(story, reporter)
    _check_editable(story)
    alt_text, transcript = (alt_text or "").strip(), (transcript or "").strip()
    if kind == "photo" and not alt_text:
        raise ValidationError(_("Describe the photo for people who cannot see it (alt text)."))
    if kind == "audio" and not transcript:
        raise ValidationError(
            _("Write down what is said in the audio clip, for people who cannot hear it.")
        )
    content, content_type = clean_media(kind, upload)
    media = StoryMedia(
        story=story,
        kind=kind,
        content_type=content_type,
        alt_text=alt_text if kind == "photo" else "",
        transcript=transcript if kind == "audio" else "",
        created_by=reporter.user,
        modified_by=reporter.user,
    )
    media.full_clean(exclude=["file"])
    media.file.save(content.name or "file", content, save=False)
    stored = media.file.name or ""
    # If the row cannot be saved, the file must not stay behind in storage.
    try:
        media.save()
    except Exception:
        default_storage.delete(stored)
        raise
    return media


def media_file_delete(media: StoryMedia) -> None:
    """Delete the stored file once the transaction that removed its row commits."""
    name = media.file.name
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


@transaction.atomic
def media_remove(*, media: StoryMedia, reporter: Reporter) -> None:
    story = _locked(media.story)
    _check_reporter(story, reporter)
    _check_editable(story)
    media_file_delete(media)
    media.delete()


@transaction.atomic
def consent_add(
    *,
    story: Story,
    reporter: Reporter,
    person_name: str,
    method: str,
    given_on: datetime.date | None,
    is_reporter: bool = False,
) -> StoryConsent:
    """Record the consent of someone shown or named in the story (the reporter too)."""
    story = _locked(story)
    _check_reporter(story, reporter)
    _check_editable(story)
    if given_on is not None and given_on > timezone.localdate():
        raise ValidationError(_("A consent cannot be given in the future."))
    return create_clean(
        StoryConsent,
        by=reporter.user,
        story=story,
        person_name=(person_name or "").strip(),
        method=method,
        given_on=given_on,
        is_reporter=is_reporter,
    )


@transaction.atomic
def consent_remove(*, consent: StoryConsent, reporter: Reporter) -> None:
    story = _locked(consent.story)
    _check_reporter(story, reporter)
    _check_editable(story)
    consent.delete()


def _event(story: Story, decision: str, reason: str, by: User | None) -> ModerationEvent:
    return create_clean(ModerationEvent, by=by, story=story, decision=decision, reason=reason)


@transaction.atomic
def story_submit(*, story: Story, reporter: Reporter) -> Story:
    """Send the story to the moderators; it cannot be edited until they answer."""
    story = _locked(story)
    _check_reporter(story, reporter)
    _check_editable(story)
    if not story.title.strip() or not story.text.strip():
        raise ValidationError(_("Give the story a title and write the story before sending it."))
    story.status = StoryStatus.SUBMITTED
    story.submitted_at = timezone.now()
    save_fields(story, reporter.user, ["status", "submitted_at"])
    _event(story, Decision.SUBMITTED, "", reporter.user)
    return story


#: decision -> (the state it needs, the state it leaves).
TRANSITIONS = {
    Decision.ACCEPT: (StoryStatus.SUBMITTED, StoryStatus.ACCEPTED),
    Decision.CHANGES: (StoryStatus.SUBMITTED, StoryStatus.CHANGES),
    Decision.REJECT: (StoryStatus.SUBMITTED, StoryStatus.REJECTED),
    Decision.PUBLISH: (StoryStatus.ACCEPTED, StoryStatus.PUBLISHED),
    Decision.UNPUBLISH: (StoryStatus.PUBLISHED, StoryStatus.ACCEPTED),
}


@transaction.atomic
def story_moderate(*, story: Story, decision: str, reason: str = "", by: User) -> Story:
    """A moderator's decision: accept, ask for changes, reject (with a reason for the last
    two), publish an accepted story or take a published one off the site. Audited."""
    story = _locked(story)
    reason = (reason or "").strip()
    if decision not in TRANSITIONS:
        raise ValidationError(_("Choose a decision."))
    needed, after = TRANSITIONS[Decision(decision)]
    if story.status != needed:
        raise ValidationError(
            _("This story's status is “%(status)s”: this cannot be done now.")
            % {"status": story.get_status_display()}
        )
    if decision in NEEDS_REASON and not reason:
        raise ValidationError(
            _("Say why, so that the reporter knows what to change.")
            if decision == Decision.CHANGES
            else _("Say why the story is rejected; the reporter will read it.")
        )
    if decision == Decision.ACCEPT and not story.consents.exists():
        raise ValidationError(
            _(
                "A story cannot be accepted without a consent record: ask for changes and "
                "have the reporter record the consent of everyone shown or named."
            )
        )
    story.status = after
    fields = ["status"]
    if decision == Decision.PUBLISH:
        story.published_at = timezone.now()
        fields.append("published_at")
    save_fields(
        story,
        by,
        fields,
        audit=Audited(
            subject=f"Story {story.pk} moderated: {decision}",
            process=story.process,
            detail={"story": story.pk, "decision": decision},
        ),
    )
    _event(story, decision, reason, by)
    return story
