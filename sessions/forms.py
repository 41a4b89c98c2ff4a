"""Forms of the programme: a delegation's session registrations, the organisers' add form."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from delegations.forms import form_errors_add
from delegations.models import AccreditationStatus

from . import services
from .models import SessionAccess, SessionRegistration
from .selectors import scheduled_sessions


class SessionChoiceField(forms.ModelChoiceField):
    """A session as a phone's list shows it: day and time in the event's zone, title, room."""

    def label_from_instance(self, session):
        start = timezone.localtime(session.start)
        return f"{date_format(start, 'D j M, H:i')} · {session.title} · {session.room}"


class RegistrationForm(forms.Form):
    """An accredited delegate of the delegation, and a session its focal point may register for."""

    delegate = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Delegate"))
    session = SessionChoiceField(queryset=None, label=gettext_lazy("Session"))

    def __init__(self, delegation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = delegation.delegates.filter(
            accreditation_status=AccreditationStatus.ACCREDITED
        ).order_by("-is_head", "family_name", "given_name")
        self.fields["session"].queryset = (
            scheduled_sessions(delegation.event)
            .exclude(access=SessionAccess.INVITATION)
            .select_related("room")
        )


class RegistrationAdminForm(forms.ModelForm):
    """Organisers register a delegate through the same service as the portal and the API.

    The service runs in ``clean()`` so that a refusal is a form error; the admin's view is one
    transaction, so nothing stays written when the form is shown again.
    """

    class Meta:
        model = SessionRegistration
        fields = ["session", "delegate"]

    def clean(self):
        cleaned = super().clean()
        if self.errors or self.instance.pk:
            return cleaned
        try:
            self.instance = services.registration_create(
                session=cleaned["session"], delegate=cleaned["delegate"], by_organiser=True
            )
        except forms.ValidationError as error:
            form_errors_add(self, error)
        return cleaned
