"""The security matrix: every URL of every installed app, probed as every role.

For each URL pattern (walked from the root resolver, so i18n-prefixed pages and every tool's
`urls` and `public_urls` from the registry are included) the table `MATRIX` says which roles
may open it. The test then, in one shared world (`security_world.py`):

* GETs it as every role and checks the outcome: allowed roles get a page or a redirect,
  the others are sent to log in, refused (403) or told it is not there (404);
* POSTs to it, without form data, as every role that may not use it and checks that no row
  of any table changed; and as an allowed role through a CSRF-enforcing client without a
  token, which must be refused (403) with nothing changed;
* checks that every response that shows someone's identity (a name, e-mail address, phone
  number, street address or personal access code planted in the world, other than the
  viewer's own) wrote an audit entry during that request (docs/architecture.md).

A new page fails until it has a line in `MATRIX` — adding one is a one-line change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from arki.core.models import AuditEntry

from .security_world import ROLES, World, build_world, identities, text_of

# --- the table ---------------------------------------------------------------------------

ANON = "anonymous"
PART = "participant"
ANALYST = "analyst"
CONTACT = "contact"
FAC = "facilitator"
COORD = "coordinator"
ADMIN = "admin"

EVERYONE = frozenset(ROLES)
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rule:
    """Who may open a URL. `args` maps the URL's keyword arguments to objects of the world
    (by key, default: `slug` -> the process, `code` -> the planted person, `position` -> 1);
    `post_only` URLs answer GET with 405; `csrf_exempt` ones take posts from other servers."""

    allowed: frozenset[str]
    args: dict[str, str] = field(default_factory=dict)
    post_only: bool = False
    csrf_exempt: bool = False


def r(*roles: str, post_only: bool = False, csrf_exempt: bool = False, **args: str) -> Rule:
    return Rule(frozenset(roles), args, post_only, csrf_exempt)


#: URL name -> who may open it. Contact = Kuhmo's contact person: the planted people live in
#: Kajaani, so pages about one of them are denied to that role. Job pages belong to the user
#: who started the job (the facilitator), codings to their coder, memos to their author.
MATRIX: dict[str, Rule] = {
    "set_language": r(*EVERYONE),
    "login": r(*EVERYONE),
    "logout": r(*EVERYONE, post_only=True),
    "javascript-catalog": r(*EVERYONE),
    "health": r(*EVERYONE),
    "sms_callback": r(post_only=True, csrf_exempt=True),  # needs the operator's signature
    "core:dashboard": r(PART, ANALYST, CONTACT, FAC, COORD, ADMIN),
    "core:process_create": r(FAC, ADMIN),
    "core:job_detail": r(FAC, ADMIN, pk="job"),
    "core:job_download": r(FAC, ADMIN, pk="job"),
    "core:job_progress": r(FAC, ADMIN, pk="job"),
    "core:session_console": r(FAC, ADMIN, code="session.code"),
    "core:session_close": r(FAC, ADMIN, code="session.code"),
    "core:activity_add": r(FAC, ADMIN, code="session.code"),
    "core:activity_state": r(FAC, ADMIN, code="session.code", pk="poll", post_only=True),
    "core:activity_edit": r(FAC, ADMIN, code="session.code", pk="poll"),
    "core:activity_delete": r(FAC, ADMIN, code="session.code", pk="poll"),
    "core:activity_duplicate": r(FAC, ADMIN, code="session.code", pk="poll", post_only=True),
    "core:activity_share": r(FAC, ADMIN, code="session.code", pk="poll", post_only=True),
    "core:activity_export": r(FAC, ADMIN, code="session.code", pk="poll"),
    "core:activity_questions": r(FAC, ADMIN, code="session.code", pk="qa"),
    "core:session_timer": r(FAC, ADMIN, code="session.code", post_only=True),
    "core:paper_entry": r(FAC, ADMIN, code="session.code"),
    "core:projector": r(ANALYST, CONTACT, FAC, COORD, ADMIN, code="session.code"),
    "core:projector_results": r(ANALYST, CONTACT, FAC, COORD, ADMIN, code="session.code"),
    "core:session_qr": r(ANALYST, CONTACT, FAC, COORD, ADMIN, code="session.code"),
    "core:process_detail": r(ANALYST, CONTACT, FAC, COORD, ADMIN),
    "core:workshop_list": r(ANALYST, CONTACT, FAC, COORD, ADMIN),
    "core:metrics": r(ANALYST, CONTACT, FAC, COORD, ADMIN),
    "core:workshop_detail": r(ANALYST, CONTACT, FAC, COORD, ADMIN),
    "core:workshop_edit": r(FAC, ADMIN),
    "core:workshop_publish": r(FAC, ADMIN, post_only=True),
    "core:sitting_create": r(FAC, ADMIN),
    "core:group_list": r(FAC, ADMIN),
    "core:group_member_create": r(FAC, ADMIN),
    "core:group_member_edit": r(FAC, ADMIN, pk="group_member"),
    "core:group_member_delete": r(FAC, ADMIN, pk="group_member"),
    "core:sitting_edit": r(FAC, ADMIN, pk="sitting"),
    "core:sitting_delete": r(FAC, ADMIN, pk="sitting"),
    "core:session_open": r(FAC, ADMIN, post_only=True),
    "core:session_settings": r(FAC, ADMIN, post_only=True, code="session.code"),
    "core:meeting_list": r(CONTACT, FAC, ADMIN),
    "core:meeting_detail": r(CONTACT, FAC, ADMIN, pk="meeting"),
    "core:task_status": r(CONTACT, FAC, ADMIN, pk="task", post_only=True),
    "core:reports_regenerate": r(FAC, ADMIN, post_only=True),
    "core:person_list": r(CONTACT, FAC, ADMIN),
    "core:person_create": r(CONTACT, FAC, ADMIN),
    "core:person_detail": r(FAC, ADMIN),
    "core:person_edit": r(FAC, ADMIN),
    "core:consent_add": r(FAC, ADMIN),
    "core:person_export": r(FAC, ADMIN, fmt="=json"),
    "core:person_erase": r(ADMIN),
    "core:audit_log": r(ADMIN),
    # Scheduled messages: the failed-messages page, the letters batch, a sitting's invitation,
    # a person's channels (their postal address: identity); the person's own settings link.
    "core:outbox": r(FAC, ADMIN),
    "core:letters_print": r(FAC, ADMIN, post_only=True),
    "core:outbox_retry": r(FAC, ADMIN, post_only=True, pk="outbox_message"),
    "core:person_messages": r(FAC, ADMIN),
    "core:sitting_invite": r(FAC, ADMIN, pk="sitting"),
    "outbox_public:preferences": r(*EVERYONE, token="=not-a-real-token"),
    "core:staff_list": r(FAC, ADMIN),
    "core:staff_export": r(FAC, ADMIN),
    "core:staff_invite": r(ADMIN),
    "core:role_edit": r(ADMIN, pk="assignment"),
    "core:role_withdraw": r(ADMIN, post_only=True, pk="assignment"),
    "core:account_deactivate": r(ADMIN, post_only=True, pk="account"),
    "core:second_factor_reset": r(ADMIN, post_only=True, pk="account"),
    # A staff member's own account pages: an invitation link or a password reset link works
    # without log-in (a wrong one answers 410 or a "not valid" page); the second-factor and
    # password-change pages need the password step first.
    "accounts:invitation": r(*EVERYONE, token="=not-a-real-invitation"),
    "accounts:otp_verify": r(PART, ANALYST, CONTACT, FAC, COORD, ADMIN),
    "accounts:otp_setup": r(PART, ANALYST, CONTACT, FAC, COORD, ADMIN),
    "accounts:password_change": r(PART, ANALYST, CONTACT, FAC, COORD, ADMIN),
    "accounts:password_change_done": r(PART, ANALYST, CONTACT, FAC, COORD, ADMIN),
    "accounts:password_reset": r(*EVERYONE),
    "accounts:password_reset_done": r(*EVERYONE),
    "accounts:password_reset_confirm": r(*EVERYONE, uidb64="=MQ", token="=set-password"),
    "accounts:password_reset_complete": r(*EVERYONE),
    "insight:overview": r(ANALYST, CONTACT, FAC, ADMIN),
    "insight:enrol_all": r(FAC, ADMIN, post_only=True),
    "insight:participants": r(ANALYST, CONTACT, FAC, ADMIN),
    "insight:participant": r(ANALYST, FAC, ADMIN),  # analysts: without the identity
    "insight:kit_single": r(FAC, ADMIN),
    "insight:entry_find": r(CONTACT, FAC, ADMIN),
    "insight:entry": r(FAC, ADMIN),
    "insight:entry_resolve": r(FAC, ADMIN),
    "insight:charts": r(ANALYST, CONTACT, FAC, ADMIN),
    "insight:charts_pdf": r(ANALYST, CONTACT, FAC, ADMIN),
    "insight:catalogue": r(ANALYST, FAC, ADMIN),
    "insight:reminders": r(CONTACT, FAC, ADMIN),
    "insight:call_list": r(CONTACT, FAC, ADMIN),
    "insight:settings": r(FAC, ADMIN),
    "insight:export_maps_csv": r(ANALYST, CONTACT, FAC, ADMIN),
    "insight:export_maps_xlsx": r(ANALYST, CONTACT, FAC, ADMIN),
    "insight:export_diaries_csv": r(ANALYST, CONTACT, FAC, ADMIN),
    "insight:export_diaries_xlsx": r(ANALYST, CONTACT, FAC, ADMIN),
    "insight:export_status": r(FAC, pk="export_job"),
    "insight:export_download": r(FAC, pk="export_job"),
    "insight:import": r(FAC, ADMIN),
    "insight:import_status": r(FAC, pk="import_job"),
    "insight:kits": r(FAC, ADMIN),
    "insight:kits_status": r(FAC, pk="job"),
    "insight:kits_download": r(FAC, pk="job"),
    "analysis:overview": r(ANALYST, FAC, ADMIN),
    "analysis:diaries": r(ANALYST, FAC, ADMIN),
    "analysis:diary": r(ANALYST, FAC, ADMIN),
    "analysis:coding_add": r(ANALYST, FAC, ADMIN, key="diary_key", post_only=True),
    "analysis:coding_delete": r(ANALYST, pk="coding", post_only=True),
    "analysis:memo_add": r(ANALYST, FAC, ADMIN, post_only=True),
    "analysis:memo_delete": r(FAC, pk="memo", post_only=True),
    "analysis:codebook": r(ANALYST, FAC, ADMIN),
    "analysis:import": r(ANALYST, FAC, ADMIN),
    "analysis:search": r(ANALYST, FAC, ADMIN),
    "analysis:agreement": r(ANALYST, FAC, ADMIN),
    "analysis:assign": r(FAC, ADMIN),
    "analysis:redact": r(CONTACT, FAC, ADMIN),
    "analysis:redact_diary": r(FAC, ADMIN),
    "analysis:redaction_delete": r(FAC, ADMIN, pk="redaction", post_only=True),
    "analysis:runs": r(ANALYST, FAC, ADMIN),
    "analysis:run": r(ANALYST, FAC, ADMIN, pk="run"),
    "analysis:cluster": r(ANALYST, FAC, ADMIN, pk="cluster"),
    "analysis:personas": r(ANALYST, FAC, ADMIN),
    "analysis:persona": r(ANALYST, FAC, ADMIN, pk="persona"),
    "analysis:persona_edit": r(ANALYST, FAC, ADMIN, pk="persona"),
    "analysis:persona_publish": r(ANALYST, FAC, ADMIN, pk="persona", post_only=True),
    "analysis:persona_pdf": r(ANALYST, FAC, ADMIN, pk="persona"),
    "analysis:export_segments_csv": r(ANALYST, FAC, ADMIN),
    "analysis:export_segments_xlsx": r(ANALYST, FAC, ADMIN),
    "analysis:export_qdpx": r(ANALYST, FAC, ADMIN),
    "analysis:api_personas": r(ANALYST, FAC, ADMIN),
    "analysis:api_persona_publish": r(ANALYST, FAC, ADMIN, pk="persona", post_only=True),
    "canvases:index": r(FAC, ADMIN),
    "decisions:index": r(FAC, ADMIN),
    "decisions:trail": r(FAC, ADMIN, pk="trail_action"),  # dtrail
    # decisions: concept workshop and concepts (dconcept)
    "decisions:concept_workshops": r(FAC, ADMIN),
    "decisions:concept_workshop": r(FAC, ADMIN),
    "decisions:concept_set_up": r(FAC, ADMIN, post_only=True),
    "decisions:concept_group": r(FAC, ADMIN, pk="concept_group"),
    "decisions:concept_pick": r(
        FAC, ADMIN, pk="concept_group", problem="concept_problem", post_only=True
    ),
    "decisions:concept_paper": r(FAC, ADMIN, pk="concept_group"),
    "decisions:concept_sheet": r(FAC, ADMIN, pk="concept_group"),
    "decisions:concepts": r(FAC, ADMIN),
    "decisions:concept_new": r(FAC, ADMIN),
    "decisions:concept_edit": r(FAC, ADMIN, pk="concept"),
    "decisions:concept_publish": r(FAC, ADMIN, pk="concept", post_only=True),
    "decisions:concept_delete": r(FAC, ADMIN, pk="concept", post_only=True),
    "decisions:concepts_json": r(FAC, ADMIN),
    "decisions:concepts_csv": r(FAC, ADMIN),
    "impact:index": r(FAC, ADMIN),
    # decisions: criteria vote and concept selection (dcriteria)
    "decisions:criteria_index": r(FAC, ADMIN),
    "decisions:criteria_detail": r(FAC, ADMIN, pk="criteria_activity"),
    "decisions:criterion_add": r(FAC, ADMIN, pk="criteria_activity", post_only=True),
    "decisions:criteria_choose": r(FAC, ADMIN, pk="criteria_activity", post_only=True),
    "decisions:criteria_threshold": r(FAC, ADMIN, pk="criteria_activity", post_only=True),
    "decisions:criteria_sheet": r(FAC, ADMIN, pk="criteria_activity"),
    "decisions:criteria_csv": r(FAC, ADMIN, pk="criteria_activity"),
    "decisions:selection_index": r(FAC, ADMIN),
    "decisions:selection_detail": r(FAC, ADMIN, pk="selection"),
    "decisions:decision_record": r(FAC, ADMIN, pk="selection", post_only=True),
    "decisions:scores_csv": r(FAC, ADMIN, pk="selection"),
    "decisions:decision_publish": r(FAC, ADMIN, pk="decision", post_only=True),
    "decisions_public:criterion_propose": r(
        *EVERYONE, code="session.code", activity="criteria_activity"
    ),
    # dactions: actions, notes, co-planning, user testing (staff); the public tracker.
    "decisions:actions": r(FAC, ADMIN),
    "decisions:action_create": r(FAC, ADMIN),
    "decisions:actions_csv": r(FAC, ADMIN),
    "decisions:action_detail": r(FAC, ADMIN, pk="action"),
    "decisions:action_edit": r(FAC, ADMIN, pk="action"),
    "decisions:action_publish": r(FAC, ADMIN, pk="action", post_only=True),
    "decisions:proposal_review": r(FAC, ADMIN, pk="action", post_only=True),
    "decisions:note_publish": r(FAC, ADMIN, pk="action", note="action_note", post_only=True),
    "decisions:coplanning": r(FAC, ADMIN),
    "decisions:testing": r(FAC, ADMIN),
    "decisions:test_session": r(FAC, ADMIN, pk="test_session"),
    "decisions:feedback_csv": r(FAC, ADMIN, pk="test_session"),
    "decisions:feedback_sheet": r(FAC, ADMIN, pk="test_session"),
    "decisions_public:tracker": r(*EVERYONE),
    "decisions_public:feed": r(*EVERYONE),
    "decisions_public:action": r(*EVERYONE, pk="action"),
    # impact surveys
    "impact:surveys": r(FAC, ADMIN),
    "impact:survey": r(FAC, ADMIN, pk="survey"),
    "impact:survey_export": r(FAC, ADMIN, pk="survey"),
    "impact:survey_kits": r(FAC, COORD, ADMIN, pk="survey"),
    "impact:survey_entry": r(FAC, COORD, ADMIN, pk="survey_round"),
    "impact:respondents": r(FAC, COORD, ADMIN),
    "impact_public:survey_access": r(*EVERYONE),
    "impact_public:survey_answer": r(*EVERYONE),
    "impact_public:survey_thanks": r(*EVERYONE),
    "impact_public:survey_leave": r(*EVERYONE, post_only=True),
    "canvases:detail": r(FAC, ADMIN, pk="canvas"),
    "canvases:detail_cards": r(FAC, ADMIN, pk="canvas"),
    "canvases:paper_card": r(FAC, ADMIN, pk="canvas", post_only=True),
    "canvases:paper_photo": r(FAC, ADMIN, pk="canvas", post_only=True),
    "canvases:publish": r(FAC, ADMIN, pk="canvas", post_only=True),
    "canvases:card_confirm": r(FAC, ADMIN, pk="canvas", card="card", post_only=True),
    "canvases:pdf": r(FAC, ADMIN, pk="canvas", variant="=blank"),
    "canvases:json": r(FAC, ADMIN, pk="canvas"),
    "budgeting:round_list": r(ANALYST, CONTACT, FAC, ADMIN),
    "budgeting:round_create": r(FAC, ADMIN),
    "budgeting:export_process_csv": r(ANALYST, FAC, ADMIN),
    "budgeting:round_detail": r(ANALYST, CONTACT, FAC, ADMIN, pk="round"),
    "budgeting:item_add": r(FAC, ADMIN, pk="round", post_only=True),
    "budgeting:item_remove": r(FAC, ADMIN, pk="round", item="item", post_only=True),
    "budgeting:round_start": r(FAC, ADMIN, pk="round", post_only=True),
    "budgeting:round_close": r(FAC, ADMIN, pk="round"),
    "budgeting:round_publish": r(FAC, ADMIN, pk="round", post_only=True),
    "budgeting:results": r(ANALYST, CONTACT, FAC, ADMIN, pk="round"),
    "budgeting:paper": r(CONTACT, FAC, ADMIN, pk="round"),
    "budgeting:tally_action": r(
        CONTACT, FAC, ADMIN, pk="round", tally="tally", action="=confirm", post_only=True
    ),
    "budgeting:tablet": r(CONTACT, FAC, ADMIN, pk="round"),
    "budgeting:round_export": r(ANALYST, FAC, ADMIN, pk="round", fmt="=csv"),
    "helpexchange:dashboard": r(ANALYST, CONTACT, FAC, COORD, ADMIN),
    "helpexchange:request_list": r(FAC, COORD, ADMIN),
    "helpexchange:request_create": r(FAC, COORD, ADMIN),
    "helpexchange:request_export": r(FAC, COORD, ADMIN),
    "helpexchange:assignment_pass": r(FAC, COORD, ADMIN, post_only=True),
    "helpexchange:request_detail": r(FAC, COORD, ADMIN, pk="help_request"),
    "helpexchange:request_match": r(FAC, COORD, ADMIN, pk="help_request", post_only=True),
    "helpexchange:request_pause": r(FAC, COORD, ADMIN, pk="help_request", post_only=True),
    "helpexchange:request_feedback": r(FAC, COORD, ADMIN, pk="help_request", post_only=True),
    "helpexchange:request_incident": r(FAC, COORD, ADMIN, pk="help_request", post_only=True),
    "helpexchange:assignment_resend": r(
        FAC, COORD, ADMIN, pk="help_request", assignment="help_assignment", post_only=True
    ),
    "helpexchange:assignment_done": r(
        FAC, COORD, ADMIN, pk="help_request", assignment="help_assignment", post_only=True
    ),
    "helpexchange:incident_list": r(FAC, COORD, ADMIN),
    "helpexchange:incident_resolve": r(FAC, COORD, ADMIN, pk="incident", post_only=True),
    "helpexchange:recipient_list": r(FAC, COORD, ADMIN),
    "helpexchange:recipient_detail": r(FAC, COORD, ADMIN, pk="recipient"),
    "helpexchange:proxy_add": r(FAC, COORD, ADMIN, pk="recipient", post_only=True),
    "helpexchange:account_link": r(FAC, COORD, ADMIN, pk="recipient", post_only=True),
    "helpexchange:account_unlink": r(FAC, COORD, ADMIN, pk="recipient", post_only=True),
    # every account gets the page: a linked one asks for help, another is told how to link
    "helpexchange:own_requests": r(PART, ANALYST, CONTACT, FAC, COORD, ADMIN),
    "helpexchange:volunteer_list": r(FAC, COORD, ADMIN),
    "helpexchange:volunteer_create": r(FAC, COORD, ADMIN),
    "helpexchange:volunteer_detail": r(FAC, COORD, ADMIN, pk="volunteer"),
    "helpexchange:volunteer_consent": r(FAC, COORD, ADMIN, pk="volunteer", post_only=True),
    "helpexchange:volunteer_status": r(FAC, COORD, ADMIN, pk="volunteer", post_only=True),
    "helpexchange:certificate_issue": r(FAC, COORD, ADMIN, pk="volunteer", post_only=True),
    "helpexchange:certificate_pdf": r(FAC, COORD, ADMIN, pk="volunteer", cert="certificate"),
    "helpexchange:event_list": r(FAC, COORD, ADMIN),
    "helpexchange:event_create": r(FAC, COORD, ADMIN),
    "helpexchange:event_detail": r(FAC, COORD, ADMIN, pk="event"),
    "helpexchange:event_signup": r(FAC, COORD, ADMIN, pk="event", post_only=True),
    "helpexchange:event_attendance": r(FAC, COORD, ADMIN, pk="event", post_only=True),
    "helpexchange:mine": r(PART),
    "helpexchange:volunteer_calendar": r(PART),
    "helpexchange:pick": r(PART, pk="help_request", post_only=True),
    # Residents' pages: without an access code in the session they lead to the code page.
    "insight_public:access": r(*EVERYONE),
    "insight_public:home": r(*EVERYONE),
    "insight_public:map": r(*EVERYONE),
    "insight_public:map_delete": r(*EVERYONE, pk="service_use", post_only=True),
    "insight_public:map_submit": r(*EVERYONE, post_only=True),
    "insight_public:day": r(*EVERYONE, day="=1"),
    "insight_public:day_draft": r(*EVERYONE, day="=1", post_only=True),
    "insight_public:submit": r(*EVERYONE, post_only=True),
    "insight_public:text_size": r(*EVERYONE, post_only=True),
    "insight_public:leave": r(*EVERYONE, post_only=True),
    "analysis_public:list": r(*EVERYONE),
    "analysis_public:card": r(pk="persona"),  # not published: nobody
    "analysis_public:pdf": r(pk="persona"),
    "decisions_public:trail": r(*EVERYONE, pk="trail_action"),  # dtrail
    "budgeting_public:wallet": r(*EVERYONE, code="session.code", activity="budget_activity"),
    "budgeting_public:take_back": r(
        *EVERYONE, code="session.code", activity="budget_activity", gift="gift"
    ),
    "canvases_public:canvas": r(*EVERYONE, code="session.code", activity="canvas_activity"),
    "canvases_public:cards": r(*EVERYONE, code="session.code", activity="canvas_activity"),
    "canvases_public:card_add": r(
        *EVERYONE, code="session.code", activity="canvas_activity", post_only=True
    ),
    "canvases_public:card_edit": r(
        *EVERYONE, code="session.code", activity="canvas_activity", card="card"
    ),
    "canvases_public:card_move": r(
        *EVERYONE, code="session.code", activity="canvas_activity", card="card", post_only=True
    ),
    "canvases_public:card_remove": r(
        *EVERYONE, code="session.code", activity="canvas_activity", card="card", post_only=True
    ),
    # decisions: concept-workshop tables on phones (dconcept); without a seat, the join page
    "decisions_public:table": r(*EVERYONE, code="session.code", activity="concept_activity"),
    "decisions_public:problem_add": r(
        *EVERYONE, code="session.code", activity="concept_activity", post_only=True
    ),
    "decisions_public:problem_dot": r(
        *EVERYONE,
        code="session.code",
        activity="concept_activity",
        problem="concept_problem",
        post_only=True,
    ),
    "decisions_public:pick": r(
        *EVERYONE, code="session.code", activity="concept_activity", post_only=True
    ),
    "decisions_public:idea_add": r(
        *EVERYONE,
        code="session.code",
        activity="concept_activity",
        problem="concept_problem",
        post_only=True,
    ),
    "decisions_public:idea_best": r(
        *EVERYONE,
        code="session.code",
        activity="concept_activity",
        idea="concept_idea",
        post_only=True,
    ),
    "decisions_public:idea_implementation": r(
        *EVERYONE,
        code="session.code",
        activity="concept_activity",
        idea="concept_idea",
        post_only=True,
    ),
    "helpexchange_public:task": r(*EVERYONE, token="task_token"),
    "helpexchange_public:feedback": r(*EVERYONE, token="feedback_token"),
    "helpexchange_public:volunteer_feed": r(*EVERYONE, secret="calendar_secret"),
    "helpexchange_public:events_feed": r(*EVERYONE),
    # Live pages: without a seat they lead to the join page.
    "live:join_start": r(*EVERYONE),
    "live:join": r(*EVERYONE, code="session.code"),
    "live:participant": r(*EVERYONE, code="session.code"),
    "live:participant_fragment": r(*EVERYONE, code="session.code"),
    "live:answer": r(*EVERYONE, code="session.code", pk="poll", post_only=True),
    # istories: community reporters' stories. Moderation is for facilitators and
    # administrators; the reporter's own pages lead to the sign-in page without a reporter's
    # code in the session; the world's story is published, so its public pages are for all.
    "impact:stories": r(FAC, ADMIN),
    "impact:story": r(FAC, ADMIN, pk="story"),
    "impact:story_publish": r(FAC, ADMIN, pk="story", post_only=True),
    "impact:story_media": r(FAC, ADMIN, pk="story", media="story_media"),
    "impact:reporters": r(FAC, ADMIN),
    "impact_public:stories": r(*EVERYONE),
    "impact_public:story_feed": r(*EVERYONE),
    "impact_public:story": r(*EVERYONE, pk="story"),
    "impact_public:story_media": r(*EVERYONE, pk="story", media="story_media"),
    "impact_public:reporter": r(*EVERYONE),
    "impact_public:reporter_leave": r(*EVERYONE, post_only=True),
    "impact_public:story_new": r(*EVERYONE),
    "impact_public:story_edit": r(*EVERYONE, pk="story"),
    "impact_public:story_submit": r(*EVERYONE, pk="story", post_only=True),
    "impact_public:media_add": r(*EVERYONE, pk="story", post_only=True),
    "impact_public:own_media": r(*EVERYONE, pk="story", media="story_media"),
    "impact_public:media_remove": r(*EVERYONE, pk="story", media="story_media", post_only=True),
    "impact_public:consent_add": r(*EVERYONE, pk="story", post_only=True),
    "impact_public:consent_remove": r(
        *EVERYONE, pk="story", consent="story_consent", post_only=True
    ),
    # --- end istories
    "live:question_vote": r(*EVERYONE, code="session.code", pk="question", post_only=True),
    "site:index": r(*EVERYONE),
    "site:accessibility": r(*EVERYONE),
    "site:privacy": r(*EVERYONE),
    "site:process": r(*EVERYONE),
    "site:workshop": r(*EVERYONE),
    "site:news_list": r(*EVERYONE),
    "site:news_detail": r(*EVERYONE),
    "site:contacts": r(*EVERYONE),
    "site:feed": r(*EVERYONE),
    "site:calendar": r(*EVERYONE),
    # Open data: published results only; the world publishes workshop 1's results and has
    # help requests (their monthly counts, withheld below k). It has no published budget
    # round of k ballots, so no pabulib file: that address is a 404 for everyone.
    "site:data": r(*EVERYONE),
    "site:data_package": r(*EVERYONE),
    "site:data_csv": r(*EVERYONE, name="=workshop-results"),
    "site:data_jsonstat": r(*EVERYONE, name="=help-exchange-by-month"),
    "site:data_file": r(name="=budget-results", filename="=budget-round-1.pb"),
    # The read-only public data API (arki/site/api): GET only, so a POST is 405 before any
    # CSRF check matters (hence csrf_exempt); `pk` is the world's published action.
    "api_v1:api-root": r(csrf_exempt=True),  # 404 for all: the docs are at /api/v1/docs
    "api_v1:openapi-json": r(*EVERYONE, csrf_exempt=True),
    "api_v1:openapi-view": r(*EVERYONE, csrf_exempt=True),
    "api_v1:processes": r(*EVERYONE, csrf_exempt=True),
    "api_v1:process": r(*EVERYONE, csrf_exempt=True),
    "api_v1:phases": r(*EVERYONE, csrf_exempt=True),
    "api_v1:workshops": r(*EVERYONE, csrf_exempt=True),
    "api_v1:workshop": r(*EVERYONE, csrf_exempt=True),
    "api_v1:sittings": r(*EVERYONE, csrf_exempt=True),
    "api_v1:workshop_results": r(*EVERYONE, csrf_exempt=True),
    "api_v1:results": r(*EVERYONE, csrf_exempt=True),
    "api_v1:news": r(*EVERYONE, csrf_exempt=True),
    "api_v1:news_post": r(*EVERYONE, csrf_exempt=True),
    "api_v1:actions": r(*EVERYONE, csrf_exempt=True),
    "api_v1:action": r(*EVERYONE, csrf_exempt=True, pk="action"),
    "news:list": r(FAC, ADMIN),
    "news:create": r(FAC, ADMIN),
    "news:edit": r(FAC, ADMIN, pk="news"),
    "news:preview": r(FAC, ADMIN, pk="news"),
    "news:publish": r(FAC, ADMIN, pk="news"),
    # --- impact: metric plan, statistics, impact view, open figures (imetrics) ---
    "impact:plan": r(FAC, ADMIN),
    "impact:proposal_accept": r(FAC, ADMIN, post_only=True),
    "impact:metric_edit": r(FAC, ADMIN, pk="metric"),
    "impact:metric_move": r(FAC, ADMIN, pk="metric", post_only=True),
    "impact:metric_delete": r(FAC, ADMIN, pk="metric"),
    "impact:metric_publish": r(FAC, ADMIN, pk="metric", post_only=True),
    "impact:statistics": r(FAC, ADMIN),
    "impact:view": r(FAC, ADMIN),
    "impact:report_pdf": r(FAC, ADMIN),
    "impact:figures_json": r(FAC, ADMIN),
    "impact:figures_csv": r(FAC, ADMIN),
    "impact_public:view": r(*EVERYONE),
    "impact_public:figures_json": r(*EVERYONE),
    "impact_public:figures_csv": r(*EVERYONE),
}

# The Django admin has its own gate (is_staff) in front of every page it registers: none of
# the roles is staff, so every admin page sends them to the admin's log-in. It registers no
# identity-bearing model and no second-factor device (arki/core/admin.py; tested in
# arki/core/tests/test_accounts.py), so support staff see no identity there either.
ADMIN_SITE = Rule(NOBODY)
ADMIN_PUBLIC = {"admin:login", "admin:logout"}
ADMIN_ARGS = {"app_label": "auth", "object_id": "1", "content_type_id": "1", "url": "x/"}


# --- walking the URLs --------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the route itself when the pattern has no name
    route: str
    params: tuple[str, ...]


def walk(patterns: list[Any], namespace: str = "", prefix: str = "") -> list[Route]:
    routes: list[Route] = []
    for pattern in patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            routes += walk(pattern.url_patterns, inner, text)
        elif isinstance(pattern, URLPattern):
            key = f"{namespace}{pattern.name}" if pattern.name else text
            params = tuple(pattern.pattern.regex.groupindex)
            routes.append(Route(key, text, params))
    return routes


def all_routes() -> list[Route]:
    return walk(get_resolver().url_patterns)


def rule_for(route: Route) -> Rule | None:
    if route.key.startswith("admin:") or route.route.startswith("admin/"):
        return r(*ROLES) if route.key in ADMIN_PUBLIC else ADMIN_SITE
    return MATRIX.get(route.key)


ROUTES = all_routes()


def test_every_url_has_a_line_in_the_matrix():
    missing = [f"{r.key}  ({r.route})" for r in ROUTES if rule_for(r) is None]
    assert not missing, (
        "These URL patterns have no entry in MATRIX (tests/test_security_matrix.py); add a "
        "line saying which roles may open each:\n  " + "\n  ".join(missing)
    )


def test_the_matrix_names_only_existing_urls():
    stale = sorted(set(MATRIX) - {r.key for r in ROUTES})
    assert not stale, f"MATRIX names URLs that no longer exist: {stale}"


# --- the world ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at the end; each
    test runs in a savepoint of it (pytest-django's `db`), so what one test writes is gone
    before the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        built.objects["identities"] = {role: identities(built, built.users[role]) for role in ROLES}
        yield built
        transaction.set_rollback(True)


def _client(world: World, role: str, enforce_csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def url_of(world: World, route: Route, rule: Rule) -> str:
    o = world.objects
    values = {
        "slug": world.process.slug,
        "position": 1,
        "code": o["person"].code,
        "news_slug": o["news"].slug,
        **(ADMIN_ARGS if route.route.startswith("admin/") else {}),
    }
    kwargs = {}
    for name in route.params:
        source = rule.args.get(name)
        if source is None:
            if name not in values:
                raise AssertionError(f"{route.key}: say in MATRIX what <{name}> is")
            kwargs[name] = values[name]
        elif source in o:
            value = o[source]
            kwargs[name] = getattr(value, "pk", value)
        elif source.startswith("="):
            kwargs[name] = source[1:]
        else:  # "session.code": an attribute of a world object
            obj, attr = source.split(".")
            kwargs[name] = getattr(o[obj], attr)
    if route.key == route.route:  # unnamed: fill the route by hand
        path = route.route.replace("(?P<url>.*)$", "<url>")
        for name, value in kwargs.items():
            path = path.replace(f"<path:{name}>", str(value)).replace(f"<{name}>", str(value))
        return "/" + path
    return reverse(route.key, kwargs=kwargs)


# --- outcomes ----------------------------------------------------------------------------

ALLOWED, DENIED, NOT_ALLOWED_METHOD = "allowed", "denied", "405"


def outcome(response: Any) -> str:
    """allowed: the view did its work, or refused the (empty) input (400, 409, 410, 429);
    denied: sent to log in, 403 or 404."""
    status = response.status_code
    if status >= 500:
        return f"error {status}"
    if status in (403, 404):
        return DENIED
    if status == 405:
        return NOT_ALLOWED_METHOD
    if status in (400, 409, 410, 429):
        return ALLOWED
    if status in (301, 302, 303, 307, 308):
        target = response["Location"].split("?")[0]
        if target.endswith(("/login/", settings.LOGIN_URL)):
            return DENIED
        return ALLOWED
    if 200 <= status < 300:
        return ALLOWED
    return f"status {status}"


def table_counts() -> dict[str, int]:
    """Rows of every table but the session store, in one query."""
    tables = sorted(t for t in connection.introspection.table_names() if t != "django_session")
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {t: (before[t], after[t]) for t in before if before[t] != after[t]}


def leaked(world: World, role: str, response: Any) -> list[str]:
    text = text_of(response)
    return sorted(
        what for value, what in world.objects["identities"][role].items() if value in text
    )


# --- the probe ---------------------------------------------------------------------------

TESTED = [r for r in ROUTES if rule_for(r) is not None]


@pytest.mark.parametrize("route", TESTED, ids=[r.key for r in TESTED])
def test_url(world, db, route):
    translation.activate(settings.LANGUAGE_CODE)
    rule = rule_for(route)
    assert rule is not None
    url = url_of(world, route, rule)
    # Fresh clients per URL: a POST to log-out must not log the next URL's roles out.
    clients = {role: _client(world, role) for role in ROLES}
    problems: list[str] = []
    before = table_counts()  # every request below is undone before the next

    def probe(role: str, method: str, htmx: bool = False) -> str:
        """One request in a savepoint (what an allowed POST writes is undone at once):
        returns its outcome, noting a wrong one, a change by a denied role and an
        identity shown without an audit entry."""
        last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        headers = {"HX-Request": "true"} if htmx else {}
        with transaction.atomic():
            response = getattr(clients[role], method)(url, headers=headers)
            got = outcome(response)
            after = table_counts() if got != ALLOWED else before
            audited = AuditEntry.objects.filter(pk__gt=last).exists()
            shown = leaked(world, role, response) if got == ALLOWED else []
            transaction.set_rollback(True)
        if method == "get" and rule.post_only:
            want = {NOT_ALLOWED_METHOD, DENIED}  # log in first, or "use POST"
        else:
            want = {ALLOWED if role in rule.allowed else DENIED}
        if got not in want:
            problems.append(
                f"{method.upper()}{' (htmx)' if htmx else ''} as {role}: {got} "
                f"({response.status_code}), "
                f"expected {' or '.join(sorted(want))}"
            )
        if got != ALLOWED and changed(before, after):
            problems.append(f"{method.upper()} as {role} changed rows: {changed(before, after)}")
        if shown and not audited:
            problems.append(
                f"{method.upper()} as {role} showed {', '.join(shown)} without an audit entry"
            )
        return got

    for role in ROLES:
        probe(role, "get")
    # Staff pages that answer htmx with a fragment (progress bars, search): the fragment obeys
    # the same rules, asked by the most privileged role allowed. (Residents' pages answer an
    # htmx request without an access code with 403 instead of the code page: not probed.)
    staff = [role for role in (ADMIN, FAC, COORD, CONTACT, ANALYST, PART) if role in rule.allowed]
    if staff and ANON not in rule.allowed:
        probe(staff[0], "get", htmx=True)
    for role in ROLES:
        if rule.post_only or role not in rule.allowed:
            probe(role, "post")
    if not rule.csrf_exempt:
        # A logged-in administrator's browser tricked into posting from another site: the
        # CSRF check refuses it before any view runs.
        client = _client(world, ADMIN, enforce_csrf=True)
        with transaction.atomic():
            response = client.post(url)
            after = table_counts()
            transaction.set_rollback(True)
        if response.status_code != 403:
            problems.append(f"POST without a CSRF token: {response.status_code}, expected 403")
        if changed(before, after):
            problems.append(f"POST without a CSRF token changed rows: {changed(before, after)}")
    assert not problems, f"{route.key} ({url}):\n  " + "\n  ".join(problems)


def test_identity_views_record_who_saw_whom(world, db):
    """The entries say who looked, at which page, and whose identity it showed: the paper
    kit (it carries the access code), the edit form, and the volunteers list (minors)."""
    from arki.core.enums import AuditAction

    slug, person = world.process.slug, world.objects["person"]
    minor = world.objects["volunteer"].person
    client = _client(world, FAC)
    pages = [
        (reverse("insight:kit_single", args=[slug, person.code]), person, None),
        (reverse("core:person_edit", args=[slug, person.code]), person, None),
        (reverse("helpexchange:volunteer_list", args=[slug]), None, minor.code),
        (reverse("core:person_list", args=[slug]), None, person.code),
    ]
    for url, whose, listed in pages:
        assert client.get(url).status_code == 200
        entry = AuditEntry.objects.order_by("-pk").first()
        assert entry is not None
        assert (entry.actor, entry.action, entry.detail["path"]) == (
            world.users[FAC],
            AuditAction.VIEW,
            url,
        )
        assert entry.person == whose
        if listed:
            assert listed in entry.detail["people"]
