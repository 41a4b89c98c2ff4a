"""Real file contents for upload tests: a PDF that opens, images that decode."""

import io
import os
import struct
import zlib

from PIL import Image
from pypdf import PdfWriter


def pdf_bytes(pages=1):
    """A real PDF of ``pages`` blank A4 pages."""
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


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
