"""GDPR hooks: the core's export and erasure call these for every person.

The metric plan and imported statistics hold no personal data. Two parts do:

Surveys: a respondent linked to the person (`Respondent.person`) is exported with every
answer, and erased with every answer: see `services.surveys.respondent_erase` for why the
answers are deleted rather than kept under a blanked code, and how the results stay honest
(they are recounted from the remaining rows on every read, so the erased person simply stops
counting and a group that falls under the k-anonymity size is withheld).

Community reporters' stories: the export holds everything a reporter wrote (stories, the
files' descriptions and names, the consents they recorded, the moderators' decisions and
reasons). Erasure deletes unpublished stories with their files; published ones stay on the
site but lose the byline and the link to the reporter (the story was published with
consents; unpublishing it would take away what others in it agreed to share, while the
reporter's name is what identifies them). A reporter who wants a published story gone asks
staff to take it off the site before erasure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from arki.core.models import Person


def personal_data_export(person: Person) -> Mapping[str, Any]:
    return {**_surveys_export(person), **_stories_export(person)}


def personal_data_erase(person: Person) -> Mapping[str, int]:
    return {**_surveys_erase(person), **_stories_erase(person)}


# --- surveys -------------------------------------------------------------------------------


def _surveys_export(person: Person) -> dict[str, Any]:
    from .surveys.models import Respondent

    respondents = Respondent.objects.filter(person=person).select_related("municipality")
    return {
        "survey_respondents": [
            {
                "code": respondent.code,
                "municipality": respondent.municipality.name,
                "group": respondent.group,
                "answers": [
                    {
                        "survey": answer.round.survey.title,
                        "round": answer.round.label,
                        "question": answer.question.text,
                        "answer": answer.value,
                        "channel": answer.channel,
                        "given_at": answer.created_at.isoformat(),
                    }
                    for answer in respondent.answers.select_related(
                        "round__survey", "question"
                    ).order_by("round__opens_on", "question__position")
                ],
            }
            for respondent in respondents
        ]
    }


def _surveys_erase(person: Person) -> dict[str, int]:
    from .services.surveys import respondent_erase
    from .surveys.models import Respondent

    respondents = list(Respondent.objects.filter(person=person))
    answers = sum(respondent_erase(respondent) for respondent in respondents)
    return {"survey_respondents": len(respondents), "survey_answers": answers}


# --- community reporters' stories ------------------------------------------------------------


def _reporters_of(person: Person):
    from django.db.models import Q

    from .stories.models import Reporter

    match = Q(person=person)
    if person.user_id:
        match |= Q(user_id=person.user_id, process=person.process)
    return Reporter.objects.filter(match)


def _stories_export(person: Person) -> dict[str, Any]:
    data: dict[str, Any] = {}
    reporters = list(
        _reporters_of(person).prefetch_related(
            "stories__media", "stories__consents", "stories__moderation"
        )
    )
    if not reporters:
        return data
    data["community_reporter"] = [
        {
            "trained_on": reporter.trained_on.isoformat() if reporter.trained_on else None,
            "active": reporter.is_active,
            "stories": [
                {
                    "title": story.title,
                    "text": story.text,
                    "language": story.language,
                    "byline": story.byline,
                    "status": story.status,
                    "submitted_at": story.submitted_at.isoformat() if story.submitted_at else None,
                    "published_at": story.published_at.isoformat() if story.published_at else None,
                    "media": [
                        {
                            "kind": m.kind,
                            "file": m.file.name.rsplit("/", 1)[-1],
                            "alt_text": m.alt_text,
                            "transcript": m.transcript,
                        }
                        for m in story.media.all()
                    ],
                    "consents": [
                        {
                            "who": c.person_name,
                            "how": c.method,
                            "given_on": c.given_on.isoformat(),
                        }
                        for c in story.consents.all()
                    ],
                    "moderation": [
                        {
                            "decision": e.decision,
                            "reason": e.reason,
                            "at": e.created_at.isoformat(),
                        }
                        for e in story.moderation.all()
                    ],
                }
                for story in reporter.stories.all()
            ],
        }
        for reporter in reporters
    ]
    return data


def _stories_erase(person: Person) -> dict[str, int]:
    from django.utils.translation import gettext

    from .services.stories import media_file_delete
    from .stories.enums import StoryStatus
    from .stories.models import Story, StoryConsent, StoryMedia

    done: dict[str, int] = {}
    reporters = list(_reporters_of(person))
    if not reporters:
        return done
    stories = Story.objects.filter(reporter__in=reporters)
    unpublished = stories.exclude(status=StoryStatus.PUBLISHED)
    for media in StoryMedia.objects.filter(story__in=unpublished):
        media_file_delete(media)
    deleted = unpublished.count()
    unpublished.delete()
    # Published stories stay, unsigned and no longer the reporter's (see the note above).
    published = stories.filter(status=StoryStatus.PUBLISHED)
    # The reporter's own consent record stays as a record, without their name.
    StoryConsent.objects.filter(story__in=published, is_reporter=True).update(
        person_name=gettext("(the reporter, personal data erased)")
    )
    kept = published.update(byline="", reporter=None)
    for reporter in reporters:
        reporter.is_active = False
        reporter.user = None
        reporter.save(update_fields=["is_active", "user", "modified_at"])
    done.update(
        {
            "stories_deleted": deleted,
            "published_stories_anonymised": kept,
            "reporters_deactivated": len(reporters),
        }
    )
    return done
