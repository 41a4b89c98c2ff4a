"""The day's grid: rooms across, five-minute rows down, each session a block of its length, the
sessions without a place beside it, the rules each block breaks; the same grid for any other
placement of the sessions (a proposal under review)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions.selectors.schedule_grid import day_grid, placements_from_assignments
from tests.factories import RoomFactory, SessionFactory
from tests.sessions.support.timetabling import DAY, at, movable

pytestmark = pytest.mark.django_db


def test_blocks_stand_at_their_rows_for_their_length(timetable_event, timetable_rooms):
    talk = SessionFactory(
        event=timetable_event, room=timetable_rooms["small"], start=at(10, 15), duration_minutes=50
    )
    grid = day_grid(timetable_event, DAY)
    assert grid.rows == 9 * 12  # 09:00 to 18:00 in five-minute rows
    assert [room.name for room in grid.rooms] == ["Hall", "Small"]
    (block,) = grid.rooms[1].blocks
    assert block.pk == talk.pk
    assert (block.row, block.span) == (1 + 75 // 5, 10)
    assert grid.times[0].moment.hour == 9 and grid.times[0].full_hour
    assert not block.verdict


def test_off_the_engines_grid_is_a_warning(timetable_event, timetable_rooms):
    SessionFactory(event=timetable_event, room=timetable_rooms["small"], start=at(10, 5))
    (block,) = day_grid(timetable_event, DAY).blocks
    assert block.verdict.hard == []
    (warning,) = block.verdict.soft
    assert "15-minute grid" in warning


def test_unplaced_sessions_are_listed_beside_the_grid(timetable_event, timetable_rooms):
    waiting = movable(timetable_event, title="Waiting for a room")
    grid = day_grid(timetable_event, DAY)
    assert [session.pk for session in grid.unplaced] == [waiting.pk]
    assert grid.blocks == []


def test_a_session_outside_the_hours_widens_the_grid(timetable_event, timetable_rooms):
    early = SessionFactory(event=timetable_event, room=timetable_rooms["hall"], start=at(7, 30))
    grid = day_grid(timetable_event, DAY)
    assert grid.opens == at(7)
    (block,) = grid.blocks
    assert block.row == 7
    assert any("opening hours" in line for line in block.verdict.hard)
    assert early.pk == block.pk


def test_overlapping_blocks_take_lanes_and_say_the_conflict(timetable_event, timetable_rooms):
    hall = timetable_rooms["hall"]
    first = SessionFactory(event=timetable_event, room=hall, start=at(10))
    second = SessionFactory(event=timetable_event, room=timetable_rooms["small"], start=at(10))
    placements = {first.pk: (hall.pk, at(10)), second.pk: (hall.pk, at(10, 30))}
    grid = day_grid(timetable_event, DAY, placements)
    blocks = {block.pk: block for block in grid.rooms[0].blocks}
    assert (blocks[first.pk].lane, blocks[second.pk].lane) == (0, 1)
    assert blocks[second.pk].verdict.hard and blocks[first.pk].verdict.hard
    assert grid.rooms[1].blocks == []


def test_placements_in_the_engine_format(timetable_event, timetable_rooms):
    session = SessionFactory(event=timetable_event, room=timetable_rooms["hall"], start=at(10))
    other = SessionFactory(event=timetable_event, room=timetable_rooms["hall"], start=at(12))
    small = timetable_rooms["small"]
    assignment = {"session": f"session-{session.pk}", "room": f"room-{small.pk}"}
    placements = placements_from_assignments([{**assignment, "start": at(11).isoformat()}])
    grid = day_grid(timetable_event, DAY, placements)
    assert [block.pk for block in grid.rooms[1].blocks] == [session.pk]
    assert [item.pk for item in grid.unplaced] == [other.pk]


def test_turnover_squeezed_is_a_warning_not_a_conflict(timetable_event, timetable_rooms):
    room = timetable_rooms["small"]
    room.turnover_minutes = 30
    room.save()
    SessionFactory(event=timetable_event, room=room, start=at(10), duration_minutes=60)
    after = SessionFactory(event=timetable_event, room=room, start=at(11, 15))
    block = next(block for block in day_grid(timetable_event, DAY).blocks if block.pk == after.pk)
    assert block.verdict.hard == [] and len(block.verdict.soft) == 1
    assert "turnover" in block.verdict.soft[0]


def _grid_queries(event):
    with CaptureQueriesContext(connection) as queries:
        day_grid(event, DAY)
    return len(queries.captured_queries)


def _sessions_add(event, rooms, numbers):
    for number in numbers:
        SessionFactory(
            event=event,
            room=rooms[number % 10],
            start=at(9) + timedelta(minutes=5 * (number // 10)),
            duration_minutes=5,
        )


def test_queries_stay_constant_from_5_to_500_sessions(timetable_event):
    rooms = [RoomFactory(venue__event=timetable_event) for _ in range(10)]
    _sessions_add(timetable_event, rooms, range(5))
    movable(timetable_event)
    few = _grid_queries(timetable_event)
    _sessions_add(timetable_event, rooms, range(5, 500))
    movable(timetable_event)
    grid = day_grid(timetable_event, DAY)
    assert len(grid.blocks) == 500 and len(grid.unplaced) == 2
    assert _grid_queries(timetable_event) == few <= 12


def test_a_session_over_several_days_is_cut_at_the_edges(timetable_event, timetable_rooms):
    timetable_event.end_date = DAY + timedelta(days=1)
    timetable_event.save()
    SessionFactory(
        event=timetable_event,
        room=timetable_rooms["hall"],
        start=at(9),
        duration_minutes=33 * 60,
        kind="exhibition",
        pinned=True,
    )
    grid = day_grid(timetable_event, DAY + timedelta(days=1))
    assert grid.opens == at(9, day=DAY + timedelta(days=1))
    (block,) = grid.blocks
    assert block.runs_before and block.row == 1 and block.span == grid.rows
