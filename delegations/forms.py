"""Forms of the registration portal and the organisers' accreditation actions."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .enums import AccessCategory, BadgeReplacementCause
from .models import Delegate, Delegation, Zone
from .services.delegates import DELEGATE_FIELDS, DELEGATION_PROFILE_FIELDS

PHOTO_TYPES = "image/jpeg,image/png"


class DateTimeLocalInput(forms.DateTimeInput):
    """The phone's own date-and-time picker."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PrivateFileInput(forms.ClearableFileInput):
    """Says a file is on record without linking to it: private files have no public URL."""

    template_name = "portal/widgets/private_file_input.html"

    def is_initial(self, value):
        return bool(value and getattr(value, "name", ""))


class DelegateForm(forms.ModelForm):
    class Meta:
        model = Delegate
        fields = list(DELEGATE_FIELDS)
        widgets = {
            "arrival": DateTimeLocalInput(),
            "departure": DateTimeLocalInput(),
            "photo": PrivateFileInput(attrs={"accept": PHOTO_TYPES}),
            "name_native": forms.TextInput(attrs={"dir": "auto"}),
        }


class DelegationProfileForm(forms.ModelForm):
    class Meta:
        model = Delegation
        fields = list(DELEGATION_PROFILE_FIELDS)
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class InvitationAcceptForm(forms.Form):
    """A new focal point chooses a password (the e-mail of the invitation is the login)."""

    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") != cleaned.get("password2"):
            raise ValidationError(_("The two passwords differ."))
        return cleaned


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Focal point's e-mail"))


class ZoneForm(forms.ModelForm):
    """A zone's admitted categories as boxes to tick; the plenary rule is the model's clean()."""

    categories = forms.MultipleChoiceField(
        label=_("admitted categories"),
        choices=AccessCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Zone
        fields = ["event", "name", "kind", "categories", "rooms"]

    def clean(self):
        cleaned = super().clean()
        event, rooms = cleaned.get("event"), cleaned.get("rooms")
        if event and rooms and any(room.venue.event_id != event.pk for room in rooms):
            self.add_error("rooms", _("Choose rooms of the zone's event."))
        return cleaned


class DeskPhotoForm(forms.Form):
    """A photo from the desk's camera or a file; the model's validators check it (uploads.py)."""

    photo = forms.ImageField(label=_("Photo"))


class DeskReissueForm(forms.Form):
    cause = forms.ChoiceField(label=_("Why"), choices=BadgeReplacementCause.choices)
