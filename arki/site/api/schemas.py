"""The shapes of the API's responses. Each lists, field by field, what may leave the site:
only what a public page shows (no facilitator, no account, no draft, no personal data).

Texts are in the response's language (see `http.py`); `url` is the public page showing the
same object, in that language.
"""

from __future__ import annotations

import datetime

from ninja import Field, Schema


class Region(Schema):
    code: str
    name: str


class ProcessSummary(Schema):
    slug: str
    name: str
    description: str
    region: Region
    url: str = Field(description="The process's public page.")


class ProcessDetail(ProcessSummary):
    is_over: bool = Field(description="Every phase is behind us; the results stay readable.")
    feed_url: str = Field(description="News and results as an Atom feed.")
    calendar_url: str = Field(description="Workshop sittings as an iCalendar feed.")


class Season(Schema):
    number: int
    name: str
    theme: str


class Phase(Schema):
    position: int
    kind: str = Field(description="ideation, planning, testing or implementation (a key).")
    kind_label: str
    season: Season | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    description: str
    state: str = Field(description="done, current, latest or upcoming, as on the page.")


class PhaseRef(Schema):
    position: int
    kind: str
    kind_label: str


class Sitting(Schema):
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    place: str
    municipality: str | None = Field(description="None for a joint, region-wide sitting.")
    how_to_take_part: str


class WorkshopSummary(Schema):
    position: int
    title: str
    date: datetime.date | None
    place: str
    municipality: str | None = Field(description="None for a region-wide workshop.")
    phase: PhaseRef | None
    target_groups: list[str]
    participant_count: int | None
    results_published: bool
    url: str


class ResultSection(Schema):
    title: str
    html: str = Field(
        description="The block exactly as the workshop page shows it (the tool's own "
        "template), k-anonymity and all."
    )


class Results(Schema):
    workshop: int = Field(description="The workshop's position in the process.")
    workshop_title: str
    published: bool = Field(description="False until staff publish the results.")
    published_at: datetime.datetime | None
    summary: str
    sections: list[ResultSection]
    url: str


class WorkshopDetail(WorkshopSummary):
    agenda: list[str]
    methods: str
    sittings: list[Sitting]
    results: Results


class NewsPost(Schema):
    slug: str
    title: str
    body: str
    published_at: datetime.datetime
    workshop: int | None = Field(description="Position of the workshop the post is about.")
    url: str


class ActionNote(Schema):
    text: str
    status: str
    status_label: str
    published_at: datetime.datetime | None


class Action(Schema):
    id: int
    title: str
    description: str
    level: str
    level_label: str
    status: str
    status_label: str
    owner: str = Field(description="The organisation that owns the action, as on the tracker.")
    partners: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    published_at: datetime.datetime | None
    url: str
    notes: list[ActionNote] = Field(description="Published progress notes, oldest first.")


class Error(Schema):
    detail: str
