"""Real file contents for upload tests: a PDF that opens, images that decode."""

import io
import os
import struct
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject


def pdf_bytes(pages=1):
    """A real PDF of ``pages`` blank A4 pages."""
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _written(writer):
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _one_page():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def _names(**entries):
    return DictionaryObject({NameObject(f"/{key}"): value for key, value in entries.items()})


def pdf_with_script():
    """A one-page PDF that runs JavaScript when it is opened."""
    writer = _one_page()
    writer.add_open_action(JavaScript("app.alert('opened');"))
    return _written(writer)


def pdf_with_script_in_a_link():
    """A script in a link on the page, inside the annotation, where no catalog entry names it."""
    writer = _one_page()
    action = _names(S=NameObject("/JavaScript"), JS=TextStringObject("app.alert('clicked');"))
    link = _names(
        Type=NameObject("/Annot"),
        Subtype=NameObject("/Link"),
        Rect=ArrayObject([NumberObject(0), NumberObject(0), NumberObject(100), NumberObject(20)]),
        A=action,
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    return _written(writer)


def pdf_with_script_in_an_object_stream():
    """The opening script packed, compressed, in an object stream (as WeasyPrint's pydyf and
    most PDF writers since 1.5 pack objects): the file's bytes never show the word."""
    import pydyf

    pdf = pydyf.PDF()
    script = pydyf.Dictionary({"S": "/JavaScript", "JS": pydyf.String("app.alert('opened');")})
    pdf.add_object(script)
    pdf.add_page(
        pydyf.Dictionary(
            {
                "Type": "/Page",
                "Parent": pdf.pages.reference,
                "MediaBox": pydyf.Array([0, 0, 595, 842]),
            }
        )
    )
    pdf.catalog["OpenAction"] = script.reference
    buffer = io.BytesIO()
    pdf.write(buffer, compress=True)
    data = buffer.getvalue()
    assert b"/ObjStm" in data and b"JavaScript" not in data
    return data


def pdf_of_many_parts(count):
    """One page carrying ``count`` harmless annotations, each an object of its own."""
    writer = _one_page()
    notes = [
        writer._add_object(_names(Type=NameObject("/Annot"), Subtype=NameObject("/Text")))
        for _note in range(count)
    ]
    writer.pages[0][NameObject("/Annots")] = ArrayObject(notes)
    return _written(writer)


def pdf_that_launches_a_program():
    writer = _one_page()
    writer._root_object[NameObject("/OpenAction")] = _names(
        S=NameObject("/Launch"), F=TextStringObject("calc.exe")
    )
    return _written(writer)


def pdf_with_a_file_inside():
    writer = _one_page()
    writer.add_attachment("invoice.exe", b"MZ\x90\x00")
    return _written(writer)


def image_bytes(format_name="PNG", size=(60, 80), noise=False):
    """A real image; with noise it barely compresses, which makes a big file from few pixels."""
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, "white")
    buffer = io.BytesIO()
    image.save(buffer, format_name)
    return buffer.getvalue()


def png_claiming(width, height):
    """A tiny PNG whose header claims ``width`` × ``height`` pixels: a decompression bomb's
    shape, without the memory it would take to make a real one."""
    real = image_bytes("PNG", size=(1, 1))
    header_end = 8 + 4 + 4 + 13 + 4  # signature, IHDR length, type, data, CRC
    data = struct.pack(">II", width, height) + real[24:29]
    chunk = b"IHDR" + data
    ihdr = struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return real[:8] + ihdr + real[header_end:]
