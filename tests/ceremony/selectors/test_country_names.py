"""Country names are the United Nations' everywhere: the public list of signatories, the
admin, the portal and the API name a State as the UN does, in every language."""

from datetime import datetime, time

import pytest
from django.utils import translation
from django_countries import countries

from ceremony.selectors.signing import signatory_rows
from tests.factories import DelegationFactory, EventFactory, SigningRequestFactory

pytestmark = pytest.mark.django_db

UN_NAMES = {
    "VN": "Viet Nam",
    "RU": "Russian Federation",
    "IR": "Iran (Islamic Republic of)",
    "LA": "Lao People's Democratic Republic",
    "KR": "Republic of Korea",
    "KP": "Democratic People's Republic of Korea",
    "TZ": "United Republic of Tanzania",
    "MD": "Republic of Moldova",
    "CD": "Democratic Republic of the Congo",
    "SY": "Syrian Arab Republic",
    "BO": "Bolivia (Plurinational State of)",
    "GB": "United Kingdom of Great Britain and Northern Ireland",
    "TR": "Türkiye",
}


@pytest.mark.parametrize("code, name", UN_NAMES.items())
def test_each_country_has_its_un_name(code, name):
    with translation.override("en"):
        assert countries.name(code) == name


def test_the_signatories_list_uses_the_un_names():
    event = EventFactory()
    signed_at = datetime.combine(event.start_date, time(10), tzinfo=event.timezone)
    codes = ("VN", "RU", "IR", "LA")
    for code in codes:
        SigningRequestFactory(
            delegation=DelegationFactory(event=event, kind="member_state", country=code),
            signed_at=signed_at,
        )
    _headers, rows = signatory_rows(event, list(event.signing_requests.all()))
    assert sorted(row[0] for row in rows) == sorted(UN_NAMES[code] for code in codes)


@pytest.mark.parametrize(
    "language, code, name",
    [
        ("fr", "KR", "République de Corée"),
        ("es", "TZ", "República Unida de Tanzanía"),
        ("ru", "MD", "Республика Молдова"),
        ("zh-hans", "KP", "朝鲜民主主义人民共和国"),
        ("ar", "CD", "جمهورية الكونغو الديمقراطية"),
    ],
)
def test_the_un_names_are_translated(language, code, name):
    with translation.override(language):
        assert countries.name(code) == name
