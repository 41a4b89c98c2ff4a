"""A proposal reviewed against the programme as it stands and as it was last released."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions.selectors.proposals import (
    ADDED,
    MOVED,
    OUT,
    REMOVED,
    UNCHANGED,
    proposal_day_grid,
    proposal_review,
    working_schedule_fingerprint,
)
from tests.factories import RoomFactory, SessionFactory, SessionRegistrationFactory
from tests.sessions.support.proposals import proposal_of, reviewed_programme
from tests.sessions.support.timetabling import at


@pytest.fixture
def programme(timetable_event, timetable_rooms):
    return reviewed_programme(timetable_event, timetable_rooms)


def states(review, attribute="state"):
    return {row.title: getattr(row, attribute) for row in review.sessions}


def test_each_session_is_moved_added_removed_or_unchanged_against_the_programme(programme):
    review = proposal_review(programme.proposal)
    assert states(review) == {
        "Panel": MOVED,
        "Side event": ADDED,
        "Briefing": REMOVED,
        "Dialogue": UNCHANGED,
        "Opening": UNCHANGED,
        "Workshop": OUT,
    }
    assert review.counts == {MOVED: 1, ADDED: 1, REMOVED: 1, UNCHANGED: 2, OUT: 1}
    assert review.changes == 3
    (panel,) = [row for row in review.sessions if row.title == "Panel"]
    assert (panel.now.room, panel.now.start) == ("Hall", at(9))
    assert (panel.proposed.room, panel.proposed.start, panel.proposed.end) == (
        "Small",
        at(10),
        at(11),
    )
    assert panel.room_changed and panel.time_changed
    (opening,) = [row for row in review.sessions if row.title == "Opening"]
    assert opening.pinned and opening.proposed.start == at(16)


def test_against_the_last_release_a_session_moved_by_hand_since_counts_as_moved(programme):
    review = proposal_review(programme.proposal)
    assert review.release_version == 1
    assert states(review, "state_vs_release") == {
        "Panel": MOVED,
        "Side event": ADDED,
        "Briefing": REMOVED,
        "Dialogue": MOVED,
        "Opening": UNCHANGED,
        "Workshop": OUT,
    }
    (dialogue,) = [row for row in review.sessions if row.title == "Dialogue"]
    assert dialogue.released.start == at(13) and dialogue.proposed.start == at(14)
    assert review.release_changes == 4


def test_without_a_release_everything_placed_is_added_against_it(timetable_event, timetable_rooms):
    session = SessionFactory(event=timetable_event, room=timetable_rooms["hall"], start=at(9))
    proposal = proposal_of(timetable_event, {session: (timetable_rooms["hall"], at(9))})
    review = proposal_review(proposal)
    assert review.release_version is None
    assert states(review) == {session.title: UNCHANGED}
    assert states(review, "state_vs_release") == {session.title: ADDED}


def test_the_unplaced_sessions_come_with_their_reasons(programme):
    review = proposal_review(programme.proposal)
    assert {row.title: row.reasons for row in review.unplaced} == {
        "Briefing": ["no room is free at a time its window allows"],
        "Workshop": ["no room has the capacity"],
    }


def test_who_is_affected_by_the_moved_and_removed_sessions(programme):
    affected = proposal_review(programme.proposal).affected
    # Lan (confirmed, Panel) and Minh (waiting, Briefing); Hoa's Dialogue does not change.
    assert (affected.delegates, affected.confirmed, affected.waiting) == (2, 1, 1)
    assert affected.speakers == 1  # Ana chairs the Panel
    assert affected.delegations == 2  # Viet Nam, Chile
    assert affected.people_count == 3 and affected.more == 0
    by_name = {person.name: person for person in affected.people}
    assert list(by_name) == ["Ana SOTO", "Minh LE", "Lan TRAN"]
    assert by_name["Lan TRAN"].confirmed == ["Panel"]
    assert by_name["Minh LE"].waiting == ["Briefing"]
    assert by_name["Ana SOTO"].roles == [("Chair", "Panel")]


def test_a_cancelled_place_affects_nobody(programme):
    programme.briefing.registrations.update(status="cancelled")
    affected = proposal_review(programme.proposal).affected
    assert (affected.delegates, affected.waiting) == (1, 0)


def test_the_fingerprint_changes_when_the_programme_does(programme):
    before = proposal_review(programme.proposal).fingerprint
    assert before == working_schedule_fingerprint(programme.proposal.event_id)
    programme.dialogue.start = at(15)
    programme.dialogue.save()
    assert working_schedule_fingerprint(programme.proposal.event_id) != before


def _programme_of(event, rooms, count):
    """``count`` sessions one after the other, each with two confirmed places; the proposal
    moves every one to the other room."""
    hall, small = rooms["hall"], rooms["small"]
    sessions = [
        SessionFactory(
            event=event, room=hall, start=at(9) + timedelta(minutes=5 * n), duration_minutes=5
        )
        for n in range(count)
    ]
    for session in sessions:
        SessionRegistrationFactory.create_batch(2, session=session)
    return proposal_of(event, {session: (small, session.start) for session in sessions})


@pytest.mark.parametrize("count", [5, 500])
def test_the_review_takes_the_same_queries_at_5_and_500_sessions(
    timetable_event, timetable_rooms, count
):
    proposal = _programme_of(timetable_event, timetable_rooms, count)
    with CaptureQueriesContext(connection) as queries:
        review = proposal_review(proposal)
        assert review.counts[MOVED] == count
        assert review.affected.delegates == 2 * count
    assert len(queries) <= 9, [query["sql"][:80] for query in queries]


def blocks_of(grid):
    return {
        (block.title, block.ghost): (block.mark, block.note, block.room_id, block.start)
        for block in grid.blocks
    }


def test_the_day_grid_marks_the_changes_and_draws_where_sessions_stand_now(programme):
    review = proposal_review(programme.proposal)
    hall, small = programme.rooms["hall"].pk, programme.rooms["small"].pk
    blocks = blocks_of(proposal_day_grid(programme.proposal, review, at(9).date()))
    assert blocks[("Panel", False)] == ("moved", "from Hall, 09:00", small, at(10))
    assert blocks[("Panel", True)] == ("ghost", "moved to Small, 10:00", hall, at(9))
    assert blocks[("Side event", False)] == ("added", "added", hall, at(11))
    assert blocks[("Briefing", True)] == ("ghost", "removed: back to draft", small, at(9))
    assert blocks[("Dialogue", False)] == ("unchanged", "", hall, at(14))
    assert ("Briefing", False) not in blocks and ("Workshop", False) not in blocks


def test_the_grid_shows_only_the_changes_or_compares_with_the_release(programme):
    RoomFactory(venue=programme.rooms["hall"].venue, name="Annex")  # nothing changes there
    review = proposal_review(programme.proposal)
    day = at(9).date()
    assert len(proposal_day_grid(programme.proposal, review, day).rooms) == 3
    only = proposal_day_grid(programme.proposal, review, day, only_changes=True)
    changes = blocks_of(only)
    assert [room.name for room in only.rooms] == ["Hall", "Small"]
    assert {title for title, _ghost in changes} == {"Panel", "Side event", "Briefing"}
    released = blocks_of(proposal_day_grid(programme.proposal, review, day, against="release"))
    assert released[("Dialogue", False)][:2] == ("moved", "from Hall, 13:00")
    assert released[("Dialogue", True)][3] == at(13)
