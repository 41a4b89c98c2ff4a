"""Forms of the programme: a delegation's session registrations, the organisers' add forms
(a registration, an export), the door's scan. Forms check; the services write."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from ceremony.models import Room
from config.core.forms import form_errors_add
from config.core.moments import long_day
from delegations.enums import AccreditationStatus, RepresentationLevel
from delegations.models import Delegate, Zone
from sessions.enums import ExportScope, SessionAccess, SessionStatus
from sessions.models import (
    MAX_DURATION_MINUTES,
    CheckIn,
    ExportJob,
    Session,
    SessionRegistration,
    SpeakerEntry,
)
from sessions.selectors.programme import scheduled_sessions
from sessions.services.registration import registration_check


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

    ``clean()`` asks the service whether it would refuse, writing nothing, so that a refusal is
    a form error; the admin's ``save_model`` then registers through the service.
    """

    class Meta:
        model = SessionRegistration
        fields = ["session", "delegate"]

    def clean(self):
        cleaned = super().clean()
        if self.errors or self.instance.pk:
            return cleaned
        try:
            registration_check(
                session=cleaned["session"], delegate=cleaned["delegate"], by_organiser=True
            )
        except forms.ValidationError as error:
            form_errors_add(self, error)
        return cleaned


class SessionAdminForm(forms.ModelForm):
    """A session as organisers edit it: its languages ticked from the planner's."""

    languages = forms.MultipleChoiceField(
        label=gettext_lazy("languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=Session._meta.get_field("languages").help_text,
    )

    class Meta:
        model = Session
        # The admin's fieldsets choose the fields (modeltranslation puts a field per language
        # in place of each translated one, as in the event's admin).
        exclude = ()  # noqa: DJ006 (the reason above)


class ExportJobForm(forms.ModelForm):
    """An export as staff ask for it: only the chosen scope's field counts (the others, filled
    before the scope changed, are cleared), and the page shows only that field (exportjob.js;
    without JavaScript every field shows, each saying which scope it narrows)."""

    class Meta:
        model = ExportJob
        fields = [
            "event",
            "format",
            "language",
            "scope",
            "day",
            "room",
            "kind",
            "delegation",
            "delegate",
        ]

    class Media:
        js = ["admin/programme/exportjob.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ExportScope.choices)
        for scope, field in ExportJob.SCOPE_FIELDS.items():
            if field in self.fields:
                self.fields[field].help_text = gettext_lazy("For the scope “%(scope)s”.") % {
                    "scope": labels[scope]
                }

    def clean(self):
        cleaned = super().clean()
        scope = cleaned.get("scope")
        for other_scope, field in ExportJob.SCOPE_FIELDS.items():
            if other_scope != scope and field in cleaned:
                cleaned[field] = "" if field == "kind" else None
                setattr(self.instance, field, cleaned[field])
        return cleaned


class SessionDoorField(forms.ModelChoiceField):
    """A door as door staff pick it on a phone: day and time, title, room."""

    def label_from_instance(self, session):
        start = timezone.localtime(session.start)
        room = f" · {session.room.name}" if session.room_id else ""
        return f"{start:%a %d %b %H:%M} {session.title}{room}"


class ScanForm(forms.Form):
    """A badge scanned at a door; the nonce makes a retried scan count once."""

    session = SessionDoorField(
        label=gettext_lazy("Door"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=gettext_lazy("Venue entry"),
    )
    zone = forms.ModelChoiceField(
        label=gettext_lazy("Zone"),
        queryset=Zone.objects.none(),
        required=False,
        empty_label=gettext_lazy("By the door's room"),
        help_text=gettext_lazy("The access zone this door opens on; its rule admits or refuses."),
    )
    gate = forms.CharField(label=gettext_lazy("Gate"), max_length=100, required=False)
    token = forms.CharField(
        label=gettext_lazy("Badge code"),
        max_length=1000,
        error_messages={"required": gettext_lazy("Scan a badge first.")},
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "autocapitalize": "off",
                "spellcheck": "false",
                "enterkeyhint": "go",
            }
        ),
    )
    nonce = forms.CharField(
        max_length=CheckIn._meta.get_field("nonce").max_length, widget=forms.HiddenInput
    )

    def __init__(self, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = (
            Session.objects.filter(event=event, start__isnull=False)
            .exclude(status=SessionStatus.CANCELLED)
            .select_related("room")
            .order_by("start", "title")
        )
        self.fields["zone"].queryset = Zone.objects.filter(event=event)


class ReleaseForm(forms.Form):
    """The organiser's note on a release: what changed and why, for the changelog."""

    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("Shown with the version in the release history, e.g. why it moved."),
    )


class ProgrammeFilterForm(forms.Form):
    """The public grid's filters (a GET form: a filtered page is a link to share). Choices come
    from the released programme, so a value it does not hold is an error by its field."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    room = forms.ChoiceField(label=gettext_lazy("Room"), required=False)
    language = forms.ChoiceField(
        label=gettext_lazy("Language (floor or interpretation)"), required=False
    )

    def __init__(self, data, *, kinds, rooms, languages):
        super().__init__(data)
        everything = ("", gettext_lazy("All"))
        self.fields["kind"].choices = [everything, *kinds]
        self.fields["room"].choices = [everything, *rooms]
        self.fields["language"].choices = [("", gettext_lazy("Any")), *languages]

    def filters(self):
        """The chosen filters, or none while a value is wrong (the page shows the error)."""
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class WidgetForm(forms.Form):
    """What the snippets that embed the programme on another site show (a GET form: the page's
    address keeps the choice). Days, kinds and rooms come from the released programme; values
    are the same in every language (a room by its key), so a snippet keeps working when the
    room is renamed or translated."""

    language = forms.ChoiceField(label=gettext_lazy("Language of the programme"))
    day = forms.ChoiceField(label=gettext_lazy("Day shown first"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    room = forms.ChoiceField(label=gettext_lazy("Room"), required=False)
    limit = forms.IntegerField(
        label=gettext_lazy("Sessions per day (script)"),
        required=False,
        min_value=1,
        max_value=500,
        help_text=gettext_lazy("Beyond them, a link to the full programme."),
    )
    height = forms.IntegerField(
        label=gettext_lazy("Height in pixels"),
        required=False,
        min_value=200,
        max_value=4000,
        help_text=gettext_lazy("The frame's height; the script's list scrolls beyond it."),
    )

    def __init__(self, data, *, languages, days, kinds, rooms, initial_language):
        super().__init__(data, initial={"language": initial_language})
        self.fields["language"].choices = languages
        self.fields["day"].choices = [
            ("", gettext_lazy("Today during the event, else the first day")),
            *[(day.isoformat(), long_day(day)) for day in days],
        ]
        everything = ("", gettext_lazy("All"))
        self.fields["kind"].choices = [everything, *kinds]
        self.fields["room"].choices = [everything, *rooms]

    def choice(self):
        """The valid choices (the defaults while a value is wrong: the page shows the error)."""
        chosen = {"language": self.initial["language"], "day": "", "kind": "", "room": ""}
        chosen |= {"limit": None, "height": None}
        if self.is_bound and self.is_valid():
            chosen |= {name: value for name, value in self.cleaned_data.items() if value}
        return chosen


class SessionMoveForm(forms.Form):
    """A move in the schedule editor: a session of the event, a room of its venues, a start
    (the event's local time, to the five minutes), optionally a new length; with the grid's
    first row and row count, so that the answer can draw the block where it now stands."""

    session = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Session"))
    room = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Room"))
    start = forms.DateTimeField(
        label=gettext_lazy("Start"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Length (minutes)"),
        required=False,
        min_value=5,
        max_value=MAX_DURATION_MINUTES,
        step_size=5,
    )
    grid_opens = forms.DateTimeField(required=False, input_formats=["%Y-%m-%dT%H:%M"])
    grid_rows = forms.IntegerField(required=False, min_value=1, max_value=24 * 12)

    def __init__(self, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(event=event).exclude(
            status=SessionStatus.CANCELLED
        )
        self.fields["room"].queryset = Room.objects.filter(venue__event=event).select_related(
            "venue"
        )

    def clean_start(self):
        start = self.cleaned_data["start"]
        if start.minute % 5:
            raise forms.ValidationError(gettext_lazy("Choose a start on the five minutes."))
        return start


class SpeakerOrderForm(forms.Form):
    """The secretariat's change to a list of speakers: move, withdraw or merge an entry, with
    the reason kept in its history."""

    MOVE, WITHDRAW, MERGE = "move", "withdraw", "merge"

    entry = forms.ModelChoiceField(
        label=gettext_lazy("Entry"), queryset=SpeakerEntry.objects.none()
    )
    action = forms.ChoiceField(
        label=gettext_lazy("Change"),
        choices=[
            (MOVE, gettext_lazy("Move to place")),
            (WITHDRAW, gettext_lazy("Withdraw")),
            (MERGE, gettext_lazy("Merge another entry of its delegation into it")),
        ],
    )
    position = forms.IntegerField(
        label=gettext_lazy("Place"), min_value=1, max_value=10_000, required=False
    )
    other = forms.ModelChoiceField(
        label=gettext_lazy("Entry merged into it"),
        queryset=SpeakerEntry.objects.none(),
        required=False,
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=1000)

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = SpeakerEntry.objects.filter(pk__in=[entry.pk for entry in entries])
        self.fields["entry"].queryset = choices.select_related("delegation")
        self.fields["other"].queryset = choices.select_related("delegation")

    def clean(self):
        data = super().clean()
        if data.get("action") == self.MOVE and not data.get("position"):
            self.add_error("position", gettext_lazy("Give the new place."))
        if data.get("action") == self.MERGE and not data.get("other"):
            self.add_error("other", gettext_lazy("Choose the entry to merge into it."))
        return data


class InscribeForm(forms.Form):
    """A delegation inscribes its speaker on a plenary's list."""

    session = forms.ModelChoiceField(
        label=gettext_lazy("Plenary"), queryset=Session.objects.none(), empty_label=None
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Level of representation"), choices=RepresentationLevel.choices
    )
    speaker = forms.ModelChoiceField(
        label=gettext_lazy("Speaker (a delegate)"), queryset=Delegate.objects.none(), required=False
    )
    speaker_name = forms.CharField(
        label=gettext_lazy("Or the speaker's name and title"), max_length=200, required=False
    )

    def __init__(self, *args, plenaries, delegation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = plenaries
        self.fields["speaker"].queryset = delegation.delegates.exclude(
            accreditation_status__in=[AccreditationStatus.REJECTED, AccreditationStatus.WITHDRAWN]
        )

    def clean(self):
        data = super().clean()
        if not data.get("speaker") and not (data.get("speaker_name") or "").strip():
            self.add_error("speaker_name", gettext_lazy("Name the speaker, or choose a delegate."))
        return data


class StatementForm(forms.Form):
    statement = forms.FileField(label=gettext_lazy("Statement (PDF)"), max_length=100)
