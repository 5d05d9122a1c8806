"""The core's new live activities (scale, ranking, open question with a word cloud, Q&A),
the projector mode's facilitator controls (edit, delete, duplicate, results on phones, timer)
and results exports. Bad answers are refused with a clear message and store nothing."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from arki.core.activities import QuestionsAndAnswers, Ranking, Scale, WordCloud, wordcloud
from arki.core.activities.aggregate import borda, cloud_words, size_class
from arki.core.activities.wordcloud import lemma
from arki.core.enums import ActivityState, AuditAction, Role
from arki.core.models import (
    ActivityResponse,
    AuditEntry,
    LiveQuestion,
    LiveQuestionVote,
    SessionActivity,
)
from arki.core.registry import registry
from arki.core.services.live import activity_add, activity_set_state, session_open


@pytest.fixture
def session(process):
    return session_open(workshop=process.workshops.get(position=1), by=None)


def add(session, kind, config, title="Kysymys", open_=True):
    activity = activity_add(session=session, kind=kind, title=title, config=config, by=None)
    if open_:
        activity_set_state(activity=activity, state=ActivityState.OPEN, by=None)
    return activity


@pytest.fixture
def scale(session):
    return add(
        session,
        Scale.key,
        {
            "question": "Kuinka tyytyväinen?",
            "low": 1,
            "high": 5,
            "low_label": "ei",
            "high_label": "hyvin",
        },
    )


@pytest.fixture
def ranking(session):
    return add(
        session, Ranking.key, {"question": "Järjestä", "options": ["Bussi", "Taksi", "Kimppa"]}
    )


@pytest.fixture
def cloud(session):
    return add(session, WordCloud.key, {"question": "Mikä on tärkeintä?"})


@pytest.fixture
def qa(session):
    return add(session, QuestionsAndAnswers.key, {"title": "Kysy", "moderated": False})


@pytest.fixture
def facilitator(make_user, process):
    return make_user(Role.FACILITATOR, process=process)


def join(client, session):
    response = client.post(reverse("live:join", args=[session.code]), {"label": ""})
    assert response.status_code == 302


def post_answer(client, session, activity, data):
    prefixed = {f"a{activity.pk}-{key}": value for key, value in data.items()}
    return client.post(reverse("live:answer", args=[session.code, activity.pk]), prefixed)


def test_new_activities_are_registered_next_to_the_poll():
    keys = {a.key for a in registry.activities()}
    assert {"core.poll", "core.scale", "core.ranking", "core.wordcloud", "core.qa"} <= keys


# --- scale --------------------------------------------------------------------------------


def test_scale_answers_give_mean_and_distribution(client, session, scale):
    join(client, session)
    assert post_answer(client, session, scale, {"value": "4"}).status_code == 302
    other = client.__class__()
    join(other, session)
    post_answer(other, session, scale, {"value": "2"})
    results = Scale.results(scale)
    assert results["respondents"] == 2
    assert results["mean"] == 3
    assert [row["count"] for row in results["rows"]] == [0, 1, 0, 1, 0]
    assert results["rows"][0]["text"] == "1 – ei"


def test_a_changed_answer_is_one_update_after_finding_the_seat(
    client, session, scale, django_assert_max_num_queries
):
    """A room answering at once is the hottest path of a workshop (bench/workshop-burst):
    after the session, the throttle's counter and the seat with its session (one query), the
    activity, a changed answer is one UPDATE; the phone sees "updated" and the answer is
    the new one. A first answer adds only the insert (in a savepoint)."""
    join(client, session)
    with django_assert_max_num_queries(8):
        first = post_answer(client, session, scale, {"value": "4"})
    assert first.status_code == 302
    with django_assert_max_num_queries(5):
        changed = post_answer(client, session, scale, {"value": "2"})
    assert changed.status_code == 302
    page = client.get(changed["Location"]).content.decode()
    assert "Vastauksesi päivitettiin." in page
    assert [a.payload["value"] for a in ActivityResponse.objects.filter(activity=scale)] == [2]


def test_an_answer_reaches_only_an_activity_of_the_phones_own_session(
    client, session, scale, process
):
    """The one-statement read of seat, session and activity (`answer_target`) keeps the
    rules: an activity of another session is not found, a seat of another session sends the
    phone to that session's join page, and nothing is stored either way."""
    other = session_open(workshop=process.workshops.get(position=2), by=None)
    other.anonymous_seats = True
    other.save(update_fields=["anonymous_seats"])
    elsewhere = add(other, Scale.key, {"question": "Muualla?", "low": 1, "high": 5})
    join(client, session)

    wrong_activity = client.post(
        reverse("live:answer", args=[session.code, elsewhere.pk]), {f"a{elsewhere.pk}-value": 3}
    )
    wrong_session = client.post(
        reverse("live:answer", args=[other.code, elsewhere.pk]), {f"a{elsewhere.pk}-value": 3}
    )

    assert wrong_activity.status_code == 404
    assert wrong_session.status_code == 302
    assert wrong_session["Location"] == reverse("live:join", args=[other.code])
    assert ActivityResponse.objects.count() == 0
    assert post_answer(client, session, scale, {"value": "3"}).status_code == 302
    assert ActivityResponse.objects.get().payload == {"value": 3}


def test_an_answer_to_an_activity_id_no_database_can_hold_is_not_found(client, session, scale):
    join(client, session)

    response = client.post(f"/live/{session.code}/answer/{10**20}/", {"a1-value": 3})

    assert response.status_code == 404
    assert ActivityResponse.objects.count() == 0


@pytest.mark.parametrize("value", ["", "0", "6", "kolme"])
def test_scale_refuses_values_off_the_scale(client, session, scale, value):
    join(client, session)
    response = post_answer(client, session, scale, {"value": value})
    assert response.status_code == 400
    assert "Valitse arvo väliltä 1–5." in response.content.decode()
    assert ActivityResponse.objects.count() == 0


# --- ranking ------------------------------------------------------------------------------


def test_ranking_stores_the_order_and_scores_it(client, session, ranking):
    join(client, session)
    response = post_answer(
        client, session, ranking, {"place_0": "3", "place_1": "1", "place_2": "2"}
    )
    assert response.status_code == 302
    assert ActivityResponse.objects.get().payload == {"order": [1, 2, 0]}
    rows = Ranking.results(ranking)["rows"]
    assert [(row["text"], row["points"]) for row in rows] == [
        ("Taksi", 2),
        ("Kimppa", 1),
        ("Bussi", 0),
    ]


@pytest.mark.parametrize(
    "places", [{"place_0": "1", "place_1": "1", "place_2": "2"}, {"place_0": "1", "place_1": "2"}]
)
def test_ranking_refuses_shared_or_missing_places(client, session, ranking, places):
    join(client, session)
    response = post_answer(client, session, ranking, places)
    assert response.status_code == 400
    text = response.content.decode()
    assert "eri sija" in text or "Anna tälle vaihtoehdolle sija" in text
    assert ActivityResponse.objects.count() == 0


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 8).flatmap(
        lambda n: st.tuples(st.just(n), st.lists(st.permutations(range(n)), max_size=25))
    )
)
def test_borda_invariants(case):
    n, orders = case
    ranked = borda(orders, n)
    # Every option appears once; every participant hands out n(n-1)/2 points.
    assert sorted(r.index for r in ranked) == list(range(n))
    assert sum(r.points for r in ranked) == len(orders) * n * (n - 1) // 2
    # Best first; the input order of the participants does not matter.
    assert [r.points for r in ranked] == sorted((r.points for r in ranked), reverse=True)
    assert borda(list(reversed(orders)), n) == ranked
    if orders:
        # Mean places run from 1 to n and average (n + 1) / 2.
        assert all(1 <= r.mean_place <= n for r in ranked)
        assert sum(r.mean_place for r in ranked) == pytest.approx(n * (n + 1) / 2)
        # A unanimous room's order is the room's order.
        assert [r.index for r in borda([orders[0]] * 3, n)] == list(orders[0])


def test_borda_refuses_a_non_permutation():
    with pytest.raises(ValueError):
        borda([[0, 0, 1]], 3)


# --- open question / word cloud -----------------------------------------------------------


@pytest.fixture
def dictionary():
    """simplemma's Finnish dictionary loaded (the app loads it in the background)."""
    wordcloud._load()


def test_word_cloud_says_counting_until_the_dictionary_is_loaded(cloud, monkeypatch):
    monkeypatch.setattr(wordcloud, "_ready", wordcloud.threading.Event())
    monkeypatch.setattr(wordcloud, "_warm_started", True)  # no thread in this test
    assert WordCloud.results(cloud)["loading"] is True


def test_word_cloud_lemmatises_finnish_and_drops_stop_words(client, session, cloud, dictionary):
    answers = ["Bussit ja kirjastot", "bussi on tärkein", "Kirjastossa ja bussissa"]
    for text in answers:
        phone = client.__class__()
        join(phone, session)
        assert post_answer(phone, session, cloud, {"text": text}).status_code == 302
    counts = {row["word"]: row["count"] for row in WordCloud.results(cloud)["rows"]}
    assert counts["bussi"] == 3
    assert counts["kirjasto"] == 2
    assert "ja" not in counts and "olla" not in counts and "on" not in counts


def test_a_repeated_word_counts_once_per_answer():
    assert cloud_words(["bussi bussi bussi"], lemma)["bussi"] == 1


@given(st.integers(1, 500), st.integers(1, 500))
def test_word_size_classes_stay_in_range(count, top):
    count = min(count, top)
    assert 1 <= size_class(count, top) <= 5
    assert size_class(top, top) == (5 if top > 1 else 1)


@pytest.mark.parametrize("text", ["", "   ", "123 !!", "x" * 201])
def test_word_cloud_refuses_empty_or_long_answers(client, session, cloud, text):
    join(client, session)
    response = post_answer(client, session, cloud, {"text": text})
    assert response.status_code == 400
    body = response.content.decode()
    assert any(
        m in body for m in ("Kirjoita vastaus.", "Kirjoita ainakin yksi sana.", "enintään 200")
    )
    assert ActivityResponse.objects.count() == 0


# --- Q&A ----------------------------------------------------------------------------------


def vote(client, session, question):
    return client.post(reverse("live:question_vote", args=[session.code, question.pk]))


def test_qa_questions_and_one_up_vote_per_seat(client, session, qa):
    join(client, session)
    assert (
        post_answer(client, session, qa, {"text": "Miksi bussi ei kulje sunnuntaisin?"}).status_code
        == 302
    )
    question = LiveQuestion.objects.get()
    assert question.state == LiveQuestion.State.APPROVED
    assert vote(client, session, question).status_code == 302
    again = vote(client, session, question)
    assert again.status_code == 302
    page = client.get(reverse("live:participant", args=[session.code])).content.decode()
    assert "Olet jo äänestänyt tätä kysymystä." in page
    question.refresh_from_db()
    assert question.votes == 1
    assert LiveQuestionVote.objects.count() == 1
    other = client.__class__()
    join(other, session)
    vote(other, session, question)
    question.refresh_from_db()
    assert question.votes == 2
    assert [q.text for q in QuestionsAndAnswers.results(qa)["questions"]] == [question.text]


def test_qa_moderation_hides_and_approves(client, session, facilitator):
    qa = add(session, QuestionsAndAnswers.key, {"title": "Kysy", "moderated": True})
    join(client, session)
    post_answer(client, session, qa, {"text": "Saako koiran tuoda?"})
    question = LiveQuestion.objects.get()
    assert question.state == LiveQuestion.State.PENDING
    assert QuestionsAndAnswers.results(qa)["questions"] == []
    # A waiting question cannot be up-voted.
    vote(client, session, question)
    assert LiveQuestionVote.objects.count() == 0
    staff = client.__class__()
    staff.force_login(facilitator)
    url = reverse("core:activity_questions", args=[session.code, qa.pk])
    assert "Saako koiran tuoda?" in staff.get(url).content.decode()
    staff.post(url, {"question": question.pk, "state": "approved"})
    assert [q.pk for q in QuestionsAndAnswers.results(qa)["questions"]] == [question.pk]
    staff.post(url, {"question": question.pk, "state": "hidden"})
    assert QuestionsAndAnswers.results(qa)["questions"] == []
    # An unknown state changes nothing.
    staff.post(url, {"question": question.pk, "state": "bogus"})
    question.refresh_from_db()
    assert question.state == LiveQuestion.State.HIDDEN


def test_qa_refuses_empty_question(client, session, qa):
    join(client, session)
    response = post_answer(client, session, qa, {"text": ""})
    assert response.status_code == 400
    assert "Kirjoita kysymyksesi." in response.content.decode()
    assert LiveQuestion.objects.count() == 0


def test_paper_entry_takes_each_new_activity(
    client, session, scale, ranking, cloud, qa, facilitator
):
    client.force_login(facilitator)
    url = reverse("core:paper_entry", args=[session.code])
    page = client.get(url)
    assert page.status_code == 200
    for activity, data in [
        (scale, {"value": "5"}),
        (ranking, {"place_0": "1", "place_1": "2", "place_2": "3"}),
        (cloud, {"text": "kirjasto"}),
        (qa, {"text": "Milloin seuraava työpaja?"}),
    ]:
        fields = {f"a{activity.pk}-{k}": v for k, v in data.items()}
        response = client.post(url, {"activity": activity.pk, "seat": "new", "label": "", **fields})
        assert response.status_code == 302, response.content.decode()[:2000]
    assert ActivityResponse.objects.count() == 3
    assert LiveQuestion.objects.get().channel == "paper"


# --- facilitator controls -----------------------------------------------------------------


def test_edit_and_delete_only_before_answers(client, session, scale, facilitator):
    staff = client.__class__()
    staff.force_login(facilitator)
    edit = reverse("core:activity_edit", args=[session.code, scale.pk])
    assert staff.get(edit).status_code == 200
    response = staff.post(edit, {"save": "1", "question": "Uusi kysymys", "low": "1", "high": "4"})
    assert response.status_code == 302
    scale.refresh_from_db()
    assert scale.title == "Uusi kysymys" and scale.config["high"] == 4
    join(client, session)
    post_answer(client, session, scale, {"value": "3"})
    # Now it has an answer: no edit, no delete; duplicate instead.
    response = staff.post(
        edit, {"save": "1", "question": "Taas", "low": "1", "high": "5"}, follow=True
    )
    scale.refresh_from_db()
    assert scale.title == "Uusi kysymys"
    assert "sulje se ja tee siitä kopio" in response.content.decode()
    staff.post(reverse("core:activity_delete", args=[session.code, scale.pk]))
    assert SessionActivity.objects.filter(pk=scale.pk).exists()
    staff.post(reverse("core:activity_duplicate", args=[session.code, scale.pk]))
    copy = SessionActivity.objects.exclude(pk=scale.pk).get(kind=Scale.key)
    assert copy.config == scale.config and copy.state == ActivityState.DRAFT


def test_delete_asks_first(client, session, cloud, facilitator):
    client.force_login(facilitator)
    url = reverse("core:activity_delete", args=[session.code, cloud.pk])
    assert "Poista" in client.get(url).content.decode()
    assert SessionActivity.objects.filter(pk=cloud.pk).exists()
    client.post(url)
    assert not SessionActivity.objects.filter(pk=cloud.pk).exists()


def test_results_shown_on_phones_only_when_chosen(client, session, scale, facilitator):
    join(client, session)
    post_answer(client, session, scale, {"value": "5"})
    page = reverse("live:participant", args=[session.code])
    assert "data-mean" not in client.get(page).content.decode()
    staff = client.__class__()
    staff.force_login(facilitator)
    staff.post(reverse("core:activity_share", args=[session.code, scale.pk]), {"show": "1"})
    assert "data-mean" in client.get(page).content.decode()


def test_timer_starts_shows_and_stops(client, session, facilitator):
    staff = client.__class__()
    staff.force_login(facilitator)
    url = reverse("core:session_timer", args=[session.code])
    assert staff.post(url, {"minutes": "abc"}).status_code == 302
    session.refresh_from_db()
    assert session.timer_ends_at is None
    staff.post(url, {"minutes": "999"})
    session.refresh_from_db()
    assert session.timer_ends_at is None
    staff.post(url, {"minutes": "2"})
    session.refresh_from_db()
    assert session.timer_ends_at is not None
    join(client, session)
    assert (
        'role="timer"'
        in client.get(reverse("live:participant", args=[session.code])).content.decode()
    )
    projector = staff.get(reverse("core:projector", args=[session.code])).content.decode()
    assert "data-timer-left" in projector
    staff.post(url, {"stop": "1"})
    session.refresh_from_db()
    assert session.timer_ends_at is None


def test_projector_has_no_staff_chrome_and_one_current_activity(
    client, session, scale, cloud, facilitator
):
    activity_set_state(activity=scale, state=ActivityState.CLOSED, by=None)
    client.force_login(facilitator)
    html = client.get(reverse("core:projector", args=[session.code])).content.decode()
    assert "site-header" not in html and "Kirjaudu ulos" not in html and "logout" not in html
    assert html.count('id="current-activity"') == 1
    assert f'data-activity="{cloud.pk}"' in html
    # The earlier one is a link away.
    assert f"?activity={scale.pk}" in html
    chosen = client.get(reverse("core:projector", args=[session.code]) + f"?activity={scale.pk}")
    assert f'data-activity="{scale.pk}"' in chosen.content.decode()


def test_export_is_csv_with_safe_cells_and_audited(client, session, cloud, facilitator, dictionary):
    phone = client.__class__()
    join(phone, session)
    post_answer(phone, session, cloud, {"text": "=HYPERLINK(1) kirjasto"})
    client.force_login(facilitator)
    response = client.get(reverse("core:activity_export", args=[session.code, cloud.pk]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["kirjasto", "1"] in rows
    assert ["'=HYPERLINK(1) kirjasto"] in rows
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).count() == 1


@pytest.mark.parametrize("kind", ["scale", "ranking", "cloud", "qa"])
def test_every_new_activity_exports(client, session, facilitator, kind, request):
    activity = request.getfixturevalue(kind)
    client.force_login(facilitator)
    response = client.get(reverse("core:activity_export", args=[session.code, activity.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("kind", ["scale", "ranking", "cloud", "qa"])
def test_projector_query_count_constant_as_answers_grow(
    client, session, facilitator, kind, request, dictionary
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from arki.core.services.live import seat_join

    activity = request.getfixturevalue(kind)
    data = {
        "scale": {"value": 3},
        "ranking": {"order": [2, 0, 1]},
        "cloud": {"text": "kirjasto ja bussi"},
        "qa": {"text": "Miksi?"},
    }[kind]
    cls = registry.activity(activity.kind)

    def grow(n):
        for _ in range(n):
            seat, _secret = seat_join(session=session)
            cls.submit(activity=activity, seat=seat, cleaned_data=data)

    client.force_login(facilitator)
    url = reverse("core:projector_results", args=[session.code]) + f"?activity={activity.pk}"

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    grow(3)
    small = count()
    grow(30)
    assert count() == small


def test_a_closed_session_keeps_its_activities_as_they_were(client, session, scale, facilitator):
    from arki.core.services.live import session_close

    session_close(session=session, by=None)
    client.force_login(facilitator)
    client.post(reverse("core:activity_duplicate", args=[session.code, scale.pk]))
    client.post(reverse("core:activity_delete", args=[session.code, scale.pk]))
    client.post(reverse("core:activity_share", args=[session.code, scale.pk]), {"show": "1"})
    client.post(reverse("core:session_timer", args=[session.code]), {"minutes": "2"})
    assert list(SessionActivity.objects.values_list("pk", "show_results")) == [(scale.pk, False)]
    session.refresh_from_db()
    assert session.timer_ends_at is None
