"""The one rule for text that people type, held by the model fields' validators.

Forms, serializers (DRF copies a model field's validators) and services (``full_clean()``) all
apply it, so the portal, the API and the admin refuse the same text with the same message:

- control characters are refused, naming the character: C0 (U+0000–U+001F, NUL included), DEL
  (U+007F) and C1 (U+0080–U+009F); multi-line fields keep tab and line breaks (CR, LF);
- lone surrogates (U+D800–U+DFFF, which a JSON ``\\ud800`` escape can carry) are refused: no
  UTF-8 encodes them, so no database could store them;
- a name people read (a delegate's, a delegation's) holds at least one letter (``visible_letter``):
  one of invisible characters alone would print as an empty badge;
- everything else is stored exactly as sent: every script, combining marks, right-to-left marks,
  overrides and isolates (U+202A–U+202E, U+2066–U+2069), zero-width characters. Pages isolate
  such text (``<bdi>``, ``dir="auto"``) so that it cannot reorder what stands around it.

Length limits are the fields' own ``max_length`` (``MaxLengthValidator`` for text areas).
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

#: Limits of the text areas (Django enforces a TextField's max_length only in forms).
NOTE_MAX_LENGTH = 1000
DESCRIPTION_MAX_LENGTH = 5000

#: Names people know for the control characters they are most likely to paste by accident.
CONTROL_NAMES = {
    "\x00": "NUL",
    "\x08": "BACKSPACE",
    "\t": "TAB",
    "\n": "LINE FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}
MULTILINE_ALLOWED = "\t\n\r"


def character_label(char):
    """``U+001B ESCAPE``: the code point, and a name when Unicode or the table above has one."""
    name = CONTROL_NAMES.get(char) or unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"{code} {name}" if name else code


def forbidden_character(value, *, multiline=False):
    """The first character of ``value`` the rule refuses, with its position, or None."""
    allowed = MULTILINE_ALLOWED if multiline else ""
    for position, char in enumerate(value):
        if unicodedata.category(char) in ("Cc", "Cs") and char not in allowed:
            return position, char
    return None


@deconstructible
class PlainTextValidator:
    """Refuses control characters and lone surrogates (see the module's docstring)."""

    message = _(
        "Remove the control character %(character)s (at position %(position)d): it cannot be "
        "printed or shown."
    )
    code = "control_character"

    def __init__(self, multiline=False):
        self.multiline = multiline

    def __call__(self, value):
        if not isinstance(value, str):
            return
        found = forbidden_character(value, multiline=self.multiline)
        if found is not None:
            position, char = found
            raise ValidationError(
                self.message,
                code=self.code,
                params={"character": character_label(char), "position": position + 1},
            )

    def __eq__(self, other):
        return isinstance(other, PlainTextValidator) and self.multiline == other.multiline

    def __hash__(self):
        return hash(("PlainTextValidator", self.multiline))


#: For one-line fields (names, functions, phone numbers).
single_line = PlainTextValidator()
#: For text areas (addresses, notes, descriptions): tab and line breaks are kept.
multi_line = PlainTextValidator(multiline=True)


def visible_letter(value):
    """A name someone reads (on a badge, a list, a page) must show at least one letter: a name
    of zero-width spaces or direction marks alone is accepted by the rule above and prints as
    nothing."""
    if (
        isinstance(value, str)
        and value
        and not any(unicodedata.category(char).startswith("L") for char in value)
    ):
        raise ValidationError(
            _("Write the name with at least one letter: this one shows nothing on a badge."),
            code="no_visible_letter",
        )


def reason_clean(reason, *, missing):
    """A rejection's reason for the focal point, stripped; errors under ``reason``, the name
    the admin's and the API's forms give it (the model calls it a note)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": missing})
    try:
        MaxLengthValidator(NOTE_MAX_LENGTH)(reason)
        multi_line(reason)
    except ValidationError as error:
        raise ValidationError({"reason": error.messages}) from error
    return reason


def isolated(value):
    """``value`` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE (U+2068, U+2069): in
    plain text (messages, titles, e-mails) it can no longer reorder the words around it."""
    return f"\u2068{value}\u2069"
