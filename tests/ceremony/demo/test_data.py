"""Consistency checks on the pure-data module ceremony.demo.data (no database, no models)."""

import re
import unicodedata
from collections import Counter

from ceremony.demo.data import (
    LATIN_FAMILY_NAMES,
    LATIN_GIVEN_NAMES,
    NATIONAL_DELEGATIONS,
    NATIVE_NAMES,
    OBSERVER_STATES,
    ORGANISATIONS,
    SIGNATORIES,
    UN_MEMBER_STATES,
)

KINDS = {"reio", "igo", "un_entity", "ngo", "private_sector", "academia", "media"}
CODE_RE = re.compile(r"^[A-Z0-9-]{1,20}$")
MEMBER_ALPHA3 = {alpha3 for _, alpha3, _ in UN_MEMBER_STATES}


def _sort_key(name):
    """UN alphabetical order: accents ignored ("Côte d'Ivoire" after "Costa Rica")."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def test_member_states():
    states = UN_MEMBER_STATES
    assert len(states) == 193
    assert len({alpha2 for alpha2, _, _ in states}) == 193
    assert len(MEMBER_ALPHA3) == 193
    for alpha2, alpha3, name in states:
        assert re.fullmatch(r"[A-Z]{2}", alpha2)
        assert re.fullmatch(r"[A-Z]{3}", alpha3)
        assert name and name == name.strip()
    names = [name for _, _, name in states]
    assert names == sorted(names, key=_sort_key)
    assert ("VN", "VNM", "Viet Nam") in states
    assert ("TR", "TUR", "Türkiye") in states


def test_observer_states():
    assert OBSERVER_STATES == (
        ("VA", "VAT", "Holy See"),
        ("PS", "PSE", "State of Palestine"),
    )
    observer_alpha3 = {alpha3 for _, alpha3, _ in OBSERVER_STATES}
    assert not observer_alpha3 & MEMBER_ALPHA3


def test_national_delegations():
    delegations = NATIONAL_DELEGATIONS
    assert len(delegations) == 110
    assert len(set(delegations)) == 110
    assert set(delegations) <= MEMBER_ALPHA3
    assert delegations[0] == "VNM"


def test_signatories():
    signatories = SIGNATORIES
    assert len(signatories) == 73
    assert len(set(signatories)) == 73
    assert signatories[0] == "VNM"
    assert "EU" in signatories
    states = [code for code in signatories if code != "EU"]
    assert len(states) == 72
    assert set(states) <= set(NATIONAL_DELEGATIONS)


def test_organisations():
    organisations = ORGANISATIONS
    assert len(organisations) == 150
    codes = [code for code, _, _ in organisations]
    assert len(set(codes)) == 150
    for code, name, kind in organisations:
        assert CODE_RE.fullmatch(code), code
        assert name and len(name) <= 200, code
        assert kind in KINDS, code
    assert ("EU", "European Union", "reio") in organisations
    kinds = Counter(kind for _, _, kind in organisations)
    assert kinds["reio"] == 1
    assert set(kinds) == KINDS


def test_latin_name_pools():
    for pool in (LATIN_GIVEN_NAMES, LATIN_FAMILY_NAMES):
        assert len(pool) >= 30
        assert len(set(pool)) == len(pool)
        assert all(name and name == name.strip() for name in pool)


def test_native_names():
    assert "VNM" in NATIVE_NAMES
    for alpha3, pool in NATIVE_NAMES.items():
        assert alpha3 in NATIONAL_DELEGATIONS or alpha3 in MEMBER_ALPHA3, alpha3
        assert len(pool) == 8, alpha3
        assert len(set(pool)) == 8, alpha3
        for given, family, native in pool:
            assert given and family and native, alpha3
            # The Latin forms are plain Latin script; the native form is not just a copy.
            assert given.replace(" ", "").replace("-", "").isascii(), (alpha3, given)
            assert family.replace(" ", "").replace("-", "").isascii(), (alpha3, family)
            assert not native.isascii(), (alpha3, native)
    assert NATIVE_NAMES["VNM"][0] == ("Van An", "Nguyen", "Nguyễn Văn An")


def test_correspondence_languages_name_member_states_in_languages_of_the_site():
    from django.conf import settings

    from ceremony.demo.data import CORRESPONDENCE_LANGUAGES

    assert set(CORRESPONDENCE_LANGUAGES) <= MEMBER_ALPHA3
    assert set(CORRESPONDENCE_LANGUAGES.values()) <= {code for code, _ in settings.LANGUAGES}
    assert CORRESPONDENCE_LANGUAGES["FRA"] == "fr" and CORRESPONDENCE_LANGUAGES["VNM"] == "vi"
