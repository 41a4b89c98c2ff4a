"""Forms of the signing pages in the portal. Rules live in ceremony.signing, not here."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from config.core.moments import long_day
from delegations.enums import AccreditationStatus, RepresentationLevel

#: What the file picker offers; the content itself is checked by the model's validator.
FULL_POWERS_TYPES = "application/pdf,image/jpeg,image/png"


class SigningRequestForm(forms.Form):
    """A signing request, or its correction: the same fields, filled from the request if any."""

    representative = forms.ModelChoiceField(queryset=None, label=_("Representative"))
    level = forms.ChoiceField(
        choices=RepresentationLevel.choices, label=_("Level of representation")
    )
    preferred_date = forms.TypedChoiceField(
        label=_("Preferred day"),
        choices=(),
        coerce=date.fromisoformat,
        empty_value=None,
        required=False,
    )
    full_powers_document = forms.FileField(
        label=_("Copy of the instrument of full powers"),
        required=False,
        widget=forms.FileInput(attrs={"accept": FULL_POWERS_TYPES}),
        help_text=_(
            "PDF, JPEG or PNG, at most 10 MB. Not needed for a Head of State, a Head of "
            "Government or a Minister for Foreign Affairs."
        ),
    )

    def __init__(self, delegation, *args, signing_request=None, **kwargs):
        if signing_request is not None:
            kwargs.setdefault(
                "initial",
                {
                    "representative": signing_request.representative_id,
                    "level": signing_request.level,
                    "preferred_date": signing_request.preferred_date,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = delegation.delegates.exclude(
            accreditation_status=AccreditationStatus.WITHDRAWN
        ).order_by("-is_head", "family_name", "given_name")
        self.fields["preferred_date"].choices = [("", _("No preference"))] + [
            (day.isoformat(), long_day(day)) for day in delegation.event.days
        ]
        if signing_request is not None:
            self.fields["full_powers_document"].label = _(
                "New copy of the instrument of full powers"
            )


class SeatingDrawForm(forms.Form):
    """A draw by lot; a seed given makes an earlier draw again."""

    seed = forms.IntegerField(
        label=_("seed"),
        required=False,
        min_value=0,
        max_value=2**62 - 1,
        help_text=_("Leave empty for a new draw; give an earlier draw's seed to repeat it."),
    )
    confirm = forms.BooleanField(
        label=_("Draw a name by lot now (earlier draws are kept)"), required=True
    )


class SeatingPlanForm(forms.Form):
    """A hall's dimensions: rows of equal length, each delegation's block in them."""

    room = forms.ModelChoiceField(label=_("room"), queryset=None)
    rows = forms.IntegerField(label=_("rows"), min_value=1, max_value=200)
    seats_per_row = forms.IntegerField(label=_("seats per row"), min_value=1, max_value=200)
    heads_row_seats = forms.IntegerField(
        label=_("seats in the heads' row"), min_value=1, max_value=6, initial=1
    )
    seats_behind = forms.IntegerField(
        label=_("seats behind, at most"), min_value=0, max_value=30, initial=2
    )

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms
