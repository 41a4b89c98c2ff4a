"""Helpers of the signing tests, shared by the files that test each layer."""

from datetime import date, datetime, time

from django.core.files.uploadedfile import SimpleUploadedFile

from ceremony.services.signing import (
    signing_request_create,
)
from delegations.enums import DelegationKind
from tests.factories import (
    HANOI,
    DelegateFactory,
    DelegationFactory,
)
from tests.files import pdf_bytes

DAY = date(2025, 10, 25)


def at(hour, minute=0):
    return datetime.combine(DAY, time(hour, minute), tzinfo=HANOI)


def pdf(name="full-powers.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), "application/pdf")


def state(signing_event, code, country, kind=DelegationKind.MEMBER_STATE):
    return DelegationFactory(event=signing_event, kind=kind, code=code, country=country, name=code)


def request_for(delegation, level="head_of_state", **kwargs):
    representative = DelegateFactory(delegation=delegation)
    document = (
        None if level in ("head_of_state", "head_of_government", "foreign_minister") else pdf()
    )
    return signing_request_create(
        delegation=delegation,
        representative=representative,
        level=level,
        full_powers_document=document,
        **kwargs,
    )
