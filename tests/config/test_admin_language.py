"""Every admin page has the language switcher the README promises (in its header: the sign-in
page, lists, forms, the cockpit, the dashboard, the event's own pages), and Arabic turns the
admin right to left."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

SWITCHER = 'action="/i18n/setlang/"'


@pytest.fixture
def event():
    return factories.EventFactory()


def admin_pages(event, delegate):
    return [
        reverse("admin:index"),
        reverse("admin:delegations_delegate_changelist"),
        reverse("admin:delegations_delegate_change", args=[delegate.pk]),
        reverse("admin:delegations_delegate_add"),
        reverse("admin:ceremony_event_change", args=[event.pk]),
        reverse("admin:ceremony_event_history", args=[event.pk]),
        reverse("admin:ceremony_event_dashboard", args=[event.pk]),
        reverse("admin:ceremony_event_signing", args=[event.pk]),
        reverse("admin:password_change"),
        reverse("admin:app_list", args=["programme"]),
    ]


def test_every_admin_page_has_one_switcher_that_returns_to_it(organiser_client, event):
    delegate = factories.DelegateFactory(delegation__event=event)
    for path in admin_pages(event, delegate):
        page = organiser_client.get(path)
        assert page.status_code == 200, path
        html = page.content.decode()
        assert html.count(SWITCHER) == 1, path
        assert f'name="next" type="hidden" value="{path}"' in html, path


def test_the_sign_in_page_has_the_switcher(client):
    html = client.get(reverse("admin:login")).content.decode()
    assert html.count(SWITCHER) == 1
    assert 'value="/admin/login/"' in html


def test_switching_to_arabic_turns_the_admin_right_to_left(organiser_client, event):
    home = reverse("admin:index")
    assert 'dir="ltr"' in organiser_client.get(home).content.decode()
    answer = organiser_client.post(reverse("set_language"), {"language": "ar", "next": home})
    assert answer.status_code == 302
    assert answer["Location"] == home
    html = organiser_client.get(home).content.decode()
    assert 'lang="ar" dir="rtl"' in html
    assert "admin/css/rtl.css" in html
    changelist = reverse("admin:delegations_delegate_changelist")
    assert 'dir="rtl"' in organiser_client.get(changelist).content.decode()


def test_the_sign_in_page_switches_before_signing_in(client):
    login = reverse("admin:login")
    client.post(reverse("set_language"), {"language": "ar", "next": login})
    assert 'dir="rtl"' in client.get(login).content.decode()
