"""Evidence files built by hand, good and hostile, for the upload checks and the pages that
take uploads: a minimal PDF, images, office archives, and the archive and image bombs."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image


def pdf(catalog_extra: bytes = b"", page_text: bytes = b"(Evidence) Tj", tail: bytes = b"") -> bytes:
    """A minimal valid PDF, written by hand with a correct cross-reference table."""
    stream = b"BT /F1 12 Tf 72 720 Td " + page_text + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out) + tail


def image(kind: str, size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, kind)
    return buffer.getvalue()


def archive(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES_XML = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def ooxml(folder: str, **extra: bytes) -> bytes:
    main = {"word": "document.xml", "xl": "workbook.xml", "ppt": "presentation.xml"}[folder]
    return archive(
        {
            "[Content_Types].xml": CONTENT_TYPES_XML,
            "_rels/.rels": b"<Relationships/>",
            f"{folder}/{main}": b"<?xml version='1.0'?><document>Evidence</document>",
            **extra,
        }
    )


def odf(kind: str, **extra: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        zipped.writestr("mimetype", f"application/vnd.oasis.opendocument.{kind}", zipfile.ZIP_STORED)
        zipped.writestr("content.xml", b"<office:document-content/>", zipfile.ZIP_DEFLATED)
        zipped.writestr("META-INF/manifest.xml", b"<manifest:manifest/>", zipfile.ZIP_DEFLATED)
        for name, data in extra.items():
            zipped.writestr(name, data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header claims the given size, with a token of pixel data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def zeros_member(size: int) -> bytes:
    """An archive with one member of `size` zero bytes, written in chunks to stay fast."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zipped:
        zipped.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        with zipped.open("word/document.xml", "w") as member:
            chunk = bytes(8 * 1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)
            member.write(bytes(size % len(chunk)))
    return buffer.getvalue()


def directory_claims(data: bytes, claims: dict[int, dict[str, int]]) -> bytes:
    """The archive with its central directory entries claiming other flags or sizes."""
    fields = {"flag_bits": (8, "<H"), "compress_size": (20, "<I"), "file_size": (24, "<I")}
    out = bytearray(data)
    start = data.index(b"PK\x01\x02")
    entries = [start]
    while (found := data.find(b"PK\x01\x02", entries[-1] + 4)) != -1:
        entries.append(found)
    for index, changes in claims.items():
        for name, value in changes.items():
            offset, layout = fields[name]
            struct.pack_into(layout, out, entries[index] + offset, value)
    return bytes(out)
