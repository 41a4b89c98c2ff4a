"""Booth teams per language: a session interpreted into some languages needs a free team in
each of them at every moment it runs; the older single number still means the six UN languages."""

from __future__ import annotations

import pytest

from sessions.scheduling import ProblemError, parse_problem, violations

from .builders import at, build, clock_of, placed, problem_data, room, session, solved

SIX = ["ar", "zh", "en", "fr", "ru", "es"]


def reasons_for(solution, session_id: str) -> list[str]:
    return list(next(item.reasons for item in solution.unplaced if item.session == session_id))


def equipped(count: int = 2, booths: int = 7) -> list[dict]:
    return [room(f"room-{letter}", booths=booths) for letter in "abcd"[:count]]


def test_two_sessions_needing_arabic_are_not_held_at_once_with_one_arabic_team():
    problem = build(
        equipped(),
        [
            session("panel", minutes=90, languages=SIX),
            session("workshop", minutes=90, languages=["en", "ar"]),
        ],
        interpreter_teams={"ar": 1, "zh": 2, "en": 2, "fr": 2, "ru": 2, "es": 2},
    )

    solution = solved(problem)

    assert solution.status == "complete"
    assert {clock_of(problem, solution, "panel"), clock_of(problem, solution, "workshop")} == {
        "09:00",
        "10:30",
    }


def test_sessions_in_languages_with_teams_to_spare_run_at_once():
    problem = build(
        equipped(),
        [
            session("panel", minutes=180, languages=SIX),
            session("workshop", minutes=180, languages=["en", "fr"]),
        ],
        interpreter_teams={"ar": 1, "zh": 1, "en": 2, "fr": 2, "ru": 1, "es": 1},
    )

    solution = solved(problem)

    assert solution.status == "complete"
    assert clock_of(problem, solution, "panel") == clock_of(problem, solution, "workshop")


def test_the_legacy_number_means_that_many_teams_in_each_un_language():
    problem = build(
        equipped(3),
        [session(f"panel-{n}", minutes=180, languages=6) for n in (1, 2, 3)],
        interpreter_teams=2,
    )

    assert dict(problem.interpreter_teams) == dict.fromkeys(SIX, 2)
    solution = solved(problem)
    assert solution.status == "partial"
    assert len(solution.assignments) == 2


def test_a_partial_session_in_english_and_vietnamese_uses_only_those_teams():
    problem = build(
        equipped(),
        [
            session("panel", minutes=180, languages=SIX),
            session("press", minutes=180, languages=["en", "vi"]),
        ],
        interpreter_teams={"ar": 1, "zh": 1, "en": 2, "fr": 1, "ru": 1, "es": 1, "vi": 1},
    )

    solution = solved(problem)

    assert solution.status == "complete"
    assert problem.session_by_id["press"].interpreted_into == ("en", "vi")
    assert problem.session_by_id["press"].languages == 2


def test_a_language_without_teams_leaves_its_sessions_out_saying_which():
    problem = build(
        equipped(),
        [session("press", languages=["en", "vi"]), session("talk", languages=["en"])],
        interpreter_teams={"en": 2},
    )

    solution = solved(problem)

    assert [item.session for item in solution.assignments] == ["talk"]
    assert reasons_for(solution, "press") == ["no Vietnamese interpreter team in interpreter_teams"]


def test_one_floor_language_needs_neither_booth_nor_team():
    problem = build([room("plain")], [session("talk", languages=["vi"])], interpreter_teams={})

    assert solved(problem).status == "complete"
    assert problem.session_by_id["talk"].interpreted_into == ()


def test_the_checker_flags_a_hand_made_timetable_beyond_the_teams():
    problem = build(
        equipped(3),
        [
            session("panel", minutes=90, languages=SIX),
            session("workshop-fr", minutes=90, languages=["en", "fr"]),
            session("workshop-ru", minutes=90, languages=["en", "ru"]),
        ],
        interpreter_teams={"ar": 1, "zh": 1, "en": 2, "fr": 1, "ru": 2, "es": 1},
    )
    by_hand = [
        placed(problem, "panel", "room-a", "09:00"),
        placed(problem, "workshop-fr", "room-b", "09:30"),
        placed(problem, "workshop-ru", "room-c", "09:30"),
    ]

    messages = violations(problem, by_hand)

    assert messages == [
        "2 sessions interpreted into French run at 2025-10-25 09:30 ('panel', 'workshop-fr')"
        " but there is only 1 interpreter team in French",
        "3 sessions interpreted into English run at 2025-10-25 09:30"
        " ('panel', 'workshop-fr', 'workshop-ru')"
        " but there are only 2 interpreter teams in English",
    ]


def test_the_unplaced_reason_names_the_language_whose_teams_are_busy():
    problem = build(
        equipped(),
        [
            session(
                "plenary",
                minutes=180,
                languages=SIX,
                pinned={"room": "room-a", "start": at("09:00")},
            ),
            session("workshop", languages=["en", "ar"]),
        ],
        interpreter_teams={"ar": 1, "zh": 1, "en": 2, "fr": 1, "ru": 1, "es": 1},
    )

    (reason,) = reasons_for(solved(problem), "workshop")

    assert reason == "Arabic interpreter teams all busy with 'plenary' (every place)"


def test_pinned_sessions_beyond_a_languages_teams_are_infeasible():
    pinned = {"room": "room-a", "start": at("09:00")}
    problem = build(
        equipped(),
        [
            session("plenary", minutes=90, languages=SIX, pinned=pinned),
            session(
                "workshop",
                minutes=90,
                languages=["zh", "en"],
                pinned={"room": "room-b", "start": at("09:00")},
            ),
        ],
        interpreter_teams={"ar": 1, "zh": 1, "en": 2, "fr": 1, "ru": 1, "es": 1},
    )

    solution = solved(problem)

    assert solution.status == "infeasible"
    assert any(
        "only 1 interpreter team in Chinese" in line for line in reasons_for(solution, "workshop")
    )


def test_the_slot_formulation_keeps_the_teams_too():
    problem = build(
        equipped(),
        [
            session("panel", minutes=60, languages=SIX),
            session("workshop", minutes=60, languages=["ar", "en"]),
        ],
        interpreter_teams={"ar": 1, "zh": 1, "en": 2, "fr": 1, "ru": 1, "es": 1},
        start_times=[at("09:00"), at("10:00")],
    )

    solution = solved(problem)

    assert solution.status == "complete"
    assert clock_of(problem, solution, "panel") != clock_of(problem, solution, "workshop")


@pytest.mark.parametrize(
    ("teams", "languages", "field"),
    [
        ({"ar": -1}, 6, "interpreter_teams.ar"),
        ({"ar": "3"}, 6, "interpreter_teams.ar"),
        ("3", 6, "interpreter_teams"),
        (3, ["en", "en"], "sessions[0].languages[1]"),
        (3, ["en", ""], "sessions[0].languages[1]"),
        (3, "en", "sessions[0].languages"),
    ],
)
def test_malformed_teams_or_languages_name_their_field(teams, languages, field):
    data = problem_data(
        equipped(1), [session("panel", languages=languages)], interpreter_teams=teams
    )
    with pytest.raises(ProblemError) as caught:
        parse_problem(data)
    assert caught.value.field == field
