"""Database constraints that only PostgreSQL can hold, and the expressions they are made of.

Nothing here imports ``django.contrib.postgres.fields``, which loads psycopg (a tenth of a
second): on SQLite it is never needed, and on PostgreSQL it loads with the first query anyway.
The range pieces below are Django's own (``RangeBoundary``, ``DateTimeRangeField``) without
that import at start-up.
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.db.models import Expression, Func

#: The operators of an exclusion constraint (django.contrib.postgres's ``RangeOperators``).
EQUAL, OVERLAPS = "=", "&&"


class RangeBounds(Expression):
    """Which ends a range includes, as PostgreSQL writes it: ``'[)'`` by default (the start in,
    the end out, so that back-to-back sessions do not overlap). Django's ``RangeBoundary``."""

    def __init__(self, inclusive_lower=True, inclusive_upper=False):
        self.lower = "[" if inclusive_lower else "("
        self.upper = "]" if inclusive_upper else ")"

    def as_sql(self, compiler, connection):
        return f"'{self.lower}{self.upper}'", []


class TsTzRange(Func):
    """``TSTZRANGE(start, end, bounds)``: a row's span of time, for an exclusion constraint."""

    function = "TSTZRANGE"

    def _resolve_output_field(self):
        from django.contrib.postgres.fields import DateTimeRangeField

        return DateTimeRangeField()


class PostgresExclusionConstraint(ExclusionConstraint):
    """An exclusion constraint on PostgreSQL, and nothing on other databases.

    SQLite has no exclusion constraints: there the model's ``clean()`` holds the same rule, with a
    message that names the clashing record. ``validate()`` is left to ``clean()`` on every database
    so that a form shows one message, not two.
    """

    def _is_postgres(self, schema_editor):
        return schema_editor.connection.vendor == "postgresql"

    def constraint_sql(self, model, schema_editor):
        return (
            super().constraint_sql(model, schema_editor)
            if self._is_postgres(schema_editor)
            else None
        )

    def create_sql(self, model, schema_editor):
        return (
            super().create_sql(model, schema_editor) if self._is_postgres(schema_editor) else None
        )

    def remove_sql(self, model, schema_editor):
        return (
            super().remove_sql(model, schema_editor) if self._is_postgres(schema_editor) else None
        )

    def validate(self, model, instance, exclude=None, using=None):
        return None
