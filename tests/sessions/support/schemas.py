"""The public frab schemas, vendored in ``tests/sessions/exports/schemas/``, as validators."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft6Validator
from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[1] / "exports" / "schemas"


@cache
def xml_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))


@cache
def json_schema():
    """The JSON schema with its formats checked too (uri, date-time, uuid), not only its shape."""
    schema = json.loads((SCHEMAS / "schedule.schema.json").read_text())
    return Draft6Validator(schema, format_checker=Draft6Validator.FORMAT_CHECKER)


def xml_errors(body):
    schema = xml_schema()
    return [] if schema.validate(etree.fromstring(body)) else [str(schema.error_log)]


def json_errors(body):
    return [
        f"{list(error.absolute_path)}: {error.message}"
        for error in json_schema().iter_errors(json.loads(body))
    ]
