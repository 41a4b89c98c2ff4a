"""What an uploaded file must be, checked by its content: badge photos and copies of full powers.

Model-field validators, so the portal's forms, the API's serializers and the services'
``full_clean()`` refuse the same files with the same messages, before anything is written: a
refused upload leaves no row changed and no file in the private storage.

- an image must be a JPEG or a PNG that decodes to its last byte (a truncated file is refused),
  of at most ``IMAGE_MAX_PIXELS`` (a small file that decodes to gigabytes, a "decompression
  bomb", is refused before it is decoded);
- a PDF must open and have at least one page, without a password, and carry no script, no
  action that starts a program and no file inside it (what a copy of full powers never needs,
  and what a hostile PDF sent to the treaty officers would use), in at most
  ``PDF_MAX_OBJECTS`` objects;
- the extension says what the content is (a PDF named .jpg is refused), and the client's file
  name is never a path: a file is stored under an ASCII form of its name (``upload_name``).
"""

import io
import struct
import threading
import warnings
import zlib
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

#: An A4 page scanned at 600 dpi has 35 megapixels; a badge photo needs far fewer.
IMAGE_MAX_PIXELS = 40_000_000
#: Pillow's names of the image formats accepted.
IMAGE_FORMATS = ("JPEG", "PNG")
#: Longer client file names are refused: no camera or scanner writes them.
FILE_NAME_MAX_LENGTH = 100
#: Stored names keep this much of the client's file name, as an ASCII slug.
STORED_STEM_MAX_LENGTH = 40

PDF_MAGIC = b"%PDF-"
#: Names of a PDF's scripts and attached files, and the actions that run a script or a program.
PDF_ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles"})
PDF_ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch"})
#: A scanned copy of full powers has a few dozen objects a reader can reach, a 3,000-page PDF
#: about 3,000: past this many the file is refused rather than read further.
PDF_MAX_OBJECTS = 5_000
#: What Pillow raises on a file it cannot read: not an image, broken or cut short.
IMAGE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error)
#: What pypdf raises on a file it cannot read, beyond its own errors (a page tree that refers to
#: itself recurses). pypdf is imported by the checks that read a PDF, not with the models.
PDF_ERRORS = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    RecursionError,
    zlib.error,
)


def new_upload(value):
    """The file just sent, or None: no file, or one already stored (checked when it came).

    Serializers validate the ``UploadedFile`` itself, ``full_clean()`` the model's ``FieldFile``.
    """
    if not value:
        return None
    if isinstance(value, FieldFile):
        return None if value._committed else value.file
    return value


def size_check(upload, limit, message):
    if upload.size > limit:
        raise ValidationError(message, code="file_too_large")


def file_name_check(upload):
    name = getattr(upload, "name", "") or ""
    if len(name) > FILE_NAME_MAX_LENGTH:
        raise ValidationError(
            _("The file's name is longer than %(limit)d characters: rename the file first."),
            code="file_name_too_long",
            params={"limit": FILE_NAME_MAX_LENGTH},
        )


_STRICT_DECODING = threading.Lock()


@contextmanager
def strict_decoding():
    """Pillow refuses a cut-short image while this lasts.

    WeasyPrint, once imported, sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process (a
    broken image then renders as far as it goes); a check must not accept what that forgives.
    The flag is the process's: checks in two threads of one web process take turns, so that
    neither puts back what the other set.
    """
    from PIL import ImageFile

    with _STRICT_DECODING:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def image_check(upload):
    """A JPEG or PNG of at most IMAGE_MAX_PIXELS that decodes completely."""
    from PIL import Image

    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice that: refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format not in IMAGE_FORMATS:
                    raise ValidationError(
                        _("Upload a JPEG or PNG image (this one is %(format)s)."),
                        code="image_format",
                        params={"format": image.format},
                    )
                width, height = image.size
                if width * height > IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        _(
                            "The image has too many pixels (%(width)d × %(height)d): at most "
                            "%(limit)d megapixels."
                        ),
                        code="image_too_large",
                        params={
                            "width": width,
                            "height": height,
                            "limit": IMAGE_MAX_PIXELS // 1_000_000,
                        },
                    )
                with strict_decoding():
                    image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The image has too many pixels: at most %(limit)d megapixels."),
            code="image_too_large",
            params={"limit": IMAGE_MAX_PIXELS // 1_000_000},
        ) from error
    except IMAGE_ERRORS as error:
        raise ValidationError(
            _("The image cannot be read: it is damaged, cut short, or not a JPEG or PNG."),
            code="image_unreadable",
        ) from error
    finally:
        upload.seek(0)


def image_reencoded(upload, *, max_bytes):
    """The image decoded and written anew in its own format (JPEG or PNG), upright: only its
    pixels and colour profile are kept, never what rode along (EXIF with a phone's GPS position,
    comments, a ZIP appended after the image's end). A JPEG is written at the best quality that
    keeps it under ``max_bytes``. The upload has passed ``image_check``."""
    from PIL import Image, ImageOps

    upload.seek(0)
    with strict_decoding(), Image.open(upload) as opened:
        kind = opened.format
        profile = opened.info.get("icc_profile")
        image = ImageOps.exif_transpose(opened)
        image.load()
    # Pillow writes what ``info`` carries (a JPEG's comment, say): only the pixels go on.
    image.info = {}
    extra = {"icc_profile": profile} if profile else {}
    for quality in (92, 85, 75, 60):
        output = io.BytesIO()
        if kind == "JPEG":
            rgb = image if image.mode in ("RGB", "L") else image.convert("RGB")
            rgb.save(output, "JPEG", quality=quality, optimize=True, **extra)
        else:
            image.save(output, "PNG", optimize=True, **extra)
        if kind != "JPEG" or output.tell() <= max_bytes:
            break
    upload.seek(0)
    return ContentFile(output.getvalue(), name=upload.name)


def pdf_check(upload):
    """A PDF that opens, without a password, with at least one page."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    upload.seek(0)
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise ValidationError(
                _("The PDF is protected by a password: upload a copy without one."),
                code="pdf_encrypted",
            )
        if len(reader.pages) == 0:
            raise ValidationError(_("The PDF has no page."), code="pdf_empty")
        active = pdf_active_content(reader)
        if active is None:
            raise ValidationError(
                _(
                    "The PDF is made of more than %(limit)s parts, far more than a copy of full "
                    "powers needs: upload a plain copy (print it to PDF again, or scan the paper)."
                )
                % {"limit": number_format(PDF_MAX_OBJECTS, force_grouping=True)},
                code="pdf_too_complex",
            )
        if active:
            raise ValidationError(
                _(
                    "The PDF contains a script, an action that starts a program, or an attached "
                    "file: upload a plain copy (print it to PDF again, or scan the paper)."
                ),
                code="pdf_active",
            )
    except (PyPdfError, *PDF_ERRORS) as error:
        raise ValidationError(
            _("The PDF cannot be read: it is damaged or cut short."), code="pdf_unreadable"
        ) from error
    finally:
        upload.seek(0)


def pdf_active_content(reader):
    """Whether anything a PDF reader can reach carries a script, a program to launch or an
    attached file; None when more than ``PDF_MAX_OBJECTS`` objects can be reached.

    The walk starts at the trailer and follows every reference once (pages, annotations, the
    opening action, the name trees, objects packed in object streams), looking inside each
    dictionary and array: a script hides as easily in a link on the last page as in the
    document's opening action. A reference to an object the file does not list is null to a
    reader and is not followed (pypdf would search the whole file for it).
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    pending, seen = [reader.trailer], set()
    while pending:
        value = pending.pop()
        if isinstance(value, IndirectObject):
            key = (value.idnum, value.generation)
            listed = value.idnum in reader.xref.get(value.generation, {}) or (
                value.generation == 0 and value.idnum in reader.xref_objStm
            )
            if key in seen or not listed:
                continue
            seen.add(key)
            if len(seen) > PDF_MAX_OBJECTS:
                return None
            value = reader.get_object(value)
        if isinstance(value, DictionaryObject):
            if PDF_ACTIVE_KEYS.intersection(value) or value.get("/Type") == "/EmbeddedFile":
                return True
            action = value.get("/S")
            if isinstance(action, IndirectObject):
                action = action.get_object()
            if action in PDF_ACTIVE_ACTIONS:
                return True
            pending.extend(value.values())
        elif isinstance(value, ArrayObject):
            pending.extend(value)
    return False


def is_pdf(upload):
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    return head == PDF_MAGIC


def extension_of(name):
    """The name's extension in lower case, ``jpeg`` as ``jpg``; "" when it has none."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return "jpg" if extension == "jpeg" else extension


def upload_name(filename, *, fallback):
    """``<ascii-stem>.<extension>`` from a client's file name: never a path, never a dot file.

    The extension validators have already limited the extension to the accepted ones.
    """
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = slugify(stem)[:STORED_STEM_MAX_LENGTH].strip("-_") or fallback
    extension = extension_of(base)
    return f"{stem}.{extension}" if extension else stem
