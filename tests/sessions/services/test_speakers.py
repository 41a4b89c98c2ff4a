"""The list of speakers: UN order, the closed list, the secretariat's moves, merges and
withdrawals with their reasons in the history, statements."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from delegations.enums import DelegationKind
from sessions.enums import SpeakerStatus
from sessions.models import SpeakerEntry
from sessions.selectors.speakers import speakers_in_order
from sessions.services.speakers import (
    speaker_inscribe,
    speaker_move,
    speaker_withdraw,
    speakers_list_ensure,
    speakers_list_set,
    speakers_merge,
    statement_upload,
)
from tests import factories
from tests.files import pdf_bytes
from tests.sessions.support.speakers import at, plenary_list

pytestmark = pytest.mark.django_db


def names(speakers_list):
    return [entry.delegation.name for entry in speakers_in_order(speakers_list)]


def test_un_order_level_first_then_inscription_and_states_before_observers_and_organisations():
    plenary = plenary_list()
    inscribe = speaker_inscribe
    lst = plenary.speakers_list
    inscribe(
        speakers_list=lst, delegation=plenary.delegation("Chile"), level="minister", moment=at(1)
    )
    inscribe(
        speakers_list=lst,
        delegation=plenary.delegation("UNODC", DelegationKind.UN_ENTITY),
        level="head_of_organisation",
        moment=at(2),
    )
    inscribe(
        speakers_list=lst,
        delegation=plenary.delegation("Holy See", DelegationKind.OBSERVER_STATE),
        level="head_of_state",
        moment=at(3),
    )
    inscribe(
        speakers_list=lst,
        delegation=plenary.delegation("Brazil"),
        level="vice_president",
        moment=at(4),
    )
    inscribe(
        speakers_list=lst, delegation=plenary.delegation("Angola"), level="minister", moment=at(5)
    )
    inscribe(
        speakers_list=lst,
        delegation=plenary.delegation("Viet Nam"),
        level="head_of_government",
        moment=at(6),
    )
    inscribe(
        speakers_list=lst,
        delegation=plenary.delegation("Estonia"),
        level="head_of_state",
        moment=at(7),
    )
    inscribe(
        speakers_list=lst,
        delegation=plenary.delegation("France"),
        level="permanent_representative",
        moment=at(0),
    )

    assert names(lst) == [
        "Estonia", "Viet Nam", "Brazil", "Chile", "Angola", "France", "Holy See", "UNODC",
    ]  # fmt: skip


def test_expected_start_follows_the_minutes_per_statement():
    plenary = plenary_list(minutes_per_statement=7)
    for minute, name in enumerate(["A", "B", "C"]):
        speaker_inscribe(
            speakers_list=plenary.speakers_list,
            delegation=plenary.delegation(name),
            level="minister",
            moment=at(minute),
        )
    ordered = speakers_in_order(plenary.speakers_list)
    assert [e.number for e in ordered] == [1, 2, 3]
    assert (ordered[2].expected_start - ordered[0].expected_start).total_seconds() == 14 * 60


def test_inscription_after_the_list_closed_is_refused_and_writes_nothing():
    plenary = plenary_list()
    speakers_list_set(speakers_list=plenary.speakers_list, is_open=False)
    with pytest.raises(ValidationError) as refused:
        speaker_inscribe(
            speakers_list=plenary.speakers_list,
            delegation=plenary.delegation("Chile"),
            level="minister",
        )
    assert "session" in refused.value.message_dict
    assert not SpeakerEntry.objects.exists()


def test_inscription_after_the_closing_time_is_refused():
    plenary = plenary_list(closes_at=at(10))
    with pytest.raises(ValidationError, match="closed"):
        speaker_inscribe(
            speakers_list=plenary.speakers_list,
            delegation=plenary.delegation("Chile"),
            level="minister",
            moment=at(11),
        )
    speaker_inscribe(
        speakers_list=plenary.speakers_list,
        delegation=plenary.delegation("Peru"),
        level="minister",
        moment=at(9),
    )
    assert SpeakerEntry.objects.count() == 1


def test_a_speaker_of_another_delegation_is_refused():
    plenary = plenary_list()
    stranger = factories.DelegateFactory(delegation=plenary.delegation("Peru"))
    with pytest.raises(ValidationError) as refused:
        speaker_inscribe(
            speakers_list=plenary.speakers_list,
            delegation=plenary.delegation("Chile"),
            level="minister",
            speaker=stranger,
        )
    assert "speaker" in refused.value.message_dict


def test_only_a_plenary_has_a_list():
    with pytest.raises(ValidationError):
        speakers_list_ensure(factories.SessionFactory(kind="side_event"))
    plenary = factories.SessionFactory(kind="plenary")
    assert speakers_list_ensure(plenary) == speakers_list_ensure(plenary)


def test_move_fixes_places_keeps_the_reason_and_a_late_head_of_state_still_comes_first():
    plenary = plenary_list()
    lst = plenary.speakers_list
    entries = [
        speaker_inscribe(
            speakers_list=lst, delegation=plenary.delegation(n), level="minister", moment=at(i)
        )
        for i, n in enumerate(["Angola", "Brazil", "Chile"])
    ]
    speaker_move(entry=entries[2], position=1, reason="Flight leaves early")
    assert names(lst) == ["Chile", "Angola", "Brazil"]
    assert entries[2].history.first().history_change_reason == "Flight leaves early"

    speaker_inscribe(
        speakers_list=lst,
        delegation=plenary.delegation("Denmark"),
        level="head_of_state",
        moment=at(9),
    )
    speaker_inscribe(
        speakers_list=lst, delegation=plenary.delegation("Egypt"), level="other", moment=at(9)
    )
    assert names(lst) == ["Denmark", "Chile", "Angola", "Brazil", "Egypt"]


def test_move_refuses_a_place_off_the_list_and_a_move_without_reason():
    plenary = plenary_list()
    entry = factories.SpeakerEntryFactory(speakers_list=plenary.speakers_list)
    with pytest.raises(ValidationError) as refused:
        speaker_move(entry=entry, position=2, reason="x")
    assert "position" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        speaker_move(entry=entry, position=1, reason=" ")
    assert "reason" in refused.value.message_dict
    entry.refresh_from_db()
    assert entry.position is None


def test_merge_keeps_the_higher_level_and_records_the_other_as_merged():
    plenary = plenary_list()
    chile = plenary.delegation("Chile")
    first = speaker_inscribe(
        speakers_list=plenary.speakers_list,
        delegation=chile,
        level="permanent_representative",
        speaker_name="PR",
    )
    second = speaker_inscribe(
        speakers_list=plenary.speakers_list,
        delegation=chile,
        level="minister",
        speaker_name="Minister",
    )
    kept = speakers_merge(keep=first, other=second, reason="One statement for Chile")
    second.refresh_from_db()
    assert (kept.level, kept.speaker_name) == ("minister", "Minister")
    assert second.status == SpeakerStatus.MERGED and second.merged_into == kept
    assert second.history.first().history_change_reason == "One statement for Chile"
    assert len(speakers_in_order(plenary.speakers_list)) == 1


def test_merge_refuses_entries_of_two_delegations():
    plenary = plenary_list()
    one = factories.SpeakerEntryFactory(speakers_list=plenary.speakers_list)
    two = factories.SpeakerEntryFactory(speakers_list=plenary.speakers_list)
    with pytest.raises(ValidationError) as refused:
        speakers_merge(keep=one, other=two, reason="x")
    assert "other" in refused.value.message_dict
    two.refresh_from_db()
    assert two.status == SpeakerStatus.INSCRIBED


def test_withdraw_keeps_the_entry_with_its_reason():
    plenary = plenary_list()
    entry = factories.SpeakerEntryFactory(speakers_list=plenary.speakers_list)
    speaker_withdraw(entry=entry, reason="Minister not travelling")
    entry.refresh_from_db()
    assert entry.status == SpeakerStatus.WITHDRAWN
    assert entry.history.first().history_change_reason == "Minister not travelling"
    assert speakers_in_order(plenary.speakers_list) == []
    with pytest.raises(ValidationError):
        speaker_withdraw(entry=entry, reason="again")


def test_statement_upload_takes_a_pdf_and_refuses_anything_else():
    plenary = plenary_list()
    entry = factories.SpeakerEntryFactory(speakers_list=plenary.speakers_list)
    with pytest.raises(ValidationError) as refused:
        statement_upload(entry=entry, statement=SimpleUploadedFile("s.pdf", b"not a pdf"))
    assert "statement" in refused.value.message_dict
    entry.refresh_from_db()
    assert not entry.statement
    statement_upload(entry=entry, statement=SimpleUploadedFile("Statement.pdf", pdf_bytes()))
    entry.refresh_from_db()
    assert entry.statement.name.endswith(".pdf") and entry.statement_uploaded_at
