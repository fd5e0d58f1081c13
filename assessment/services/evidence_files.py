"""Whether a file a respondent attaches to an answer as evidence may be kept.

`check_evidence_file` returns a `CheckedFile` only when all of this holds, and otherwise
raises `EvidenceFileRefused` whose `reason` is one sentence the respondent can act on:

- the answer has room for another file, and the file is neither empty nor over the size limit;
- the name is a plain file name: no folder path, no control or NUL characters, no
  right-to-left controls (U+202E and its kin, which can make an `.exe` show as `.pdf`), at
  most 200 characters, normalised to NFC; it is kept as the display name, never as a path;
- the content, read from the bytes and never from the name, is one of the accepted kinds
  (PDF, PNG, JPEG, GIF, WebP, DOCX, XLSX, PPTX, ODT, ODS, ODP, plain UTF-8 text) and agrees
  with the name's extension, so the content type stored beside the file is the true one;
- nothing in it would run when it is opened: no HTML or script hidden in a PDF or an image
  (a polyglot a browser could be tricked into rendering), no ZIP archive behind a PDF or an
  image, no JavaScript, launch actions or embedded files in a PDF, no macros in an office
  document, no HTML, SVG or XML passed off as text;
- opening it later costs what its size suggests: images have at most 50 megapixels, office
  archives unpack to at most 100 MB in at most 2,000 members, none of them encrypted,
  nested archives or with a path leaving the archive.

The checks read the bytes in memory only (no temporary files, nothing extracted to disk)
and use the standard library, Pillow for images and pikepdf for the PDF's structure,
because JavaScript inside a compressed object stream is invisible to a byte search.

Why one module: every rule above serves one decision with one list of kinds, limits and
labels; split, the kinds and their labels would have to be shared between the parts, and
a reader checking what an upload guarantees would have to read them all anyway.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field

import pikepdf
from PIL import Image

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024  # per file
MAX_FILES_PER_ANSWER = 10
#: The files of one submission together: one request's worth of memory for an anonymous visitor.
MAX_SUBMISSION_BYTES = 25 * 1024 * 1024
#: Everything one respondent may keep, so one visitor cannot fill the disk or the database.
MAX_STORED_PER_RESPONDENT = 250 * 1024 * 1024
MAX_NAME_CHARACTERS = 200
MAX_IMAGE_PIXELS = 50_000_000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # all members of an office archive together
MAX_COMPRESSION_RATIO = 100
#: Members smaller than this are exempt from the ratio: repetitive XML in ordinary documents
#: compresses past 100:1, and a member this small cannot make a bomb.
RATIO_EXEMPT_BYTES = 1024 * 1024
MAX_ARCHIVE_MEMBERS = 2_000
MEGABYTE = 1024 * 1024

#: What each kind is stored as, and what the respondent is told it is.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    # Markdown and CSV are stored as plain text too: served so, a browser shows them as text.
    "text": "text/plain; charset=utf-8",
}
ACCEPTED_CONTENT_TYPES = frozenset(CONTENT_TYPES.values())
LABELS = {
    "pdf": "a PDF",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "gif": "a GIF image",
    "webp": "a WebP image",
    "docx": "a Word document (DOCX)",
    "xlsx": "an Excel workbook (XLSX)",
    "pptx": "a PowerPoint presentation (PPTX)",
    "odt": "an OpenDocument text (ODT)",
    "ods": "an OpenDocument spreadsheet (ODS)",
    "odp": "an OpenDocument presentation (ODP)",
    "text": "plain text",
    # Kinds recognised only to be named in a refusal.
    "html": "HTML",
    "svg": "SVG",
    "xml": "XML",
    "zip": "a ZIP archive that is not an office document",
    "unknown": "not a kind of file we recognise",
}
EXTENSIONS = {
    ".pdf": "pdf",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".gif": "gif",
    ".webp": "webp",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".pptx": "pptx",
    ".odt": "odt",
    ".ods": "ods",
    ".odp": "odp",
    ".txt": "text",
    ".md": "text",
    ".csv": "text",
}
#: For the upload form's `accept` attribute and its help text.
ACCEPTED_EXTENSIONS = tuple(EXTENSIONS)
ACCEPTED_LIST = "PDF, PNG, JPEG, GIF, WebP, DOCX, XLSX, PPTX, ODT, ODS, ODP, TXT, MD and CSV"

IMAGE_FORMATS = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}
OOXML_FOLDERS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
OFFICE_KINDS = frozenset(OOXML_FOLDERS.values()) | frozenset(ODF_TYPES.values())
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
#: Members that are archives themselves, by name and by their first bytes (ZIP, 7-Zip, RAR).
ARCHIVE_SUFFIXES = (
    ".zip",
    ".jar",
    ".7z",
    ".rar",
    ".gz",
    ".tgz",
    ".bz2",
    ".xz",
    ".tar",
    ".cab",
    ".docx",
    ".docm",
    ".xlsx",
    ".xlsm",
    ".pptx",
    ".pptm",
    ".odt",
    ".ods",
    ".odp",
)
ARCHIVE_MAGIC = (b"PK\x03\x04", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07")
#: Markup a browser would run if tricked into rendering a PDF or an image as a page.
MARKUP = re.compile(rb"<(?:html|script|svg)[\s/>]|<!doctype\s+html|javascript:", re.IGNORECASE)
#: A ZIP local file header (with a plausible "version needed") or an end-of-central-directory record.
ZIP_LOCAL_HEADER = re.compile(rb"PK\x03\x04[\x0a-\x3f]\x00")
ZIP_END = b"PK\x05\x06"
ZIP_END_WINDOW = 65_535 + 22  # the end record sits within this many bytes of the end
#: PDF names that make a document do something when opened, rather than show something.
ACTIVE_PDF_KEYS = ("/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles")
#: The long names found by a byte search as well, in case a reader recovers objects qpdf does not
#: list; "/JS" is left to the structure, since three bytes turn up by chance in compressed data.
ACTIVE_PDF_BYTES = re.compile(rb"/(?:JavaScript|Launch|EmbeddedFiles?)")
TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
MAX_PDF_NESTING = 100
HEAD = 1024 * 1024
TAIL = 64 * 1024


class EvidenceFileRefused(ValueError):
    """An upload that is not kept; `reason` says why in one sentence for the respondent."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed every check, with the content type its bytes show."""

    filename: str
    content_type: str
    data: bytes = field(repr=False)
    size: int
    sha256: str


def describe_limits() -> str:
    """One sentence for the upload form."""
    return (
        f"Attach up to {MAX_FILES_PER_ANSWER} files to an answer, each at most "
        f"{MAX_EVIDENCE_BYTES // MEGABYTE} MB and {MAX_SUBMISSION_BYTES // MEGABYTE} MB together "
        f"at a time: {ACCEPTED_LIST}."
    )


def check_evidence_file(filename: str, data: bytes, *, files_already: int = 0) -> CheckedFile:
    """The file as it may be kept, or `EvidenceFileRefused` saying why not."""
    if files_already >= MAX_FILES_PER_ANSWER:
        raise EvidenceFileRefused(
            f"An answer can hold at most {MAX_FILES_PER_ANSWER} files and this one has "
            f"{files_already}; remove one before adding another."
        )
    name = clean_name(filename)
    if not data:
        raise EvidenceFileRefused(f"“{name}” is empty.")
    if len(data) > MAX_EVIDENCE_BYTES:
        raise EvidenceFileRefused(
            f"“{name}” is {len(data) / MEGABYTE:.1f} MB; the limit is "
            f"{MAX_EVIDENCE_BYTES // MEGABYTE} MB per file."
        )
    declared = declared_kind(name)
    found = sniff(data)
    if found == "zip" and declared in OFFICE_KINDS:
        found = office_kind(name, data)
    if found != declared:
        tail = f" We accept {ACCEPTED_LIST}." if found == "unknown" else ""
        raise EvidenceFileRefused(
            f"“{name}” says it is {LABELS[declared]} but its content is {LABELS[found]}.{tail}"
        )
    if found == "pdf":
        check_pdf(name, data)
    elif found in IMAGE_FORMATS:
        check_image(name, data, found)
    elif found == "text":
        check_text(name, data)
    return CheckedFile(
        filename=name,
        content_type=CONTENT_TYPES[found],
        data=data,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def clean_name(filename: str) -> str:
    """The name to show, or a refusal naming what is wrong with it (never echoing it)."""
    if any(0xD800 <= ord(character) <= 0xDFFF for character in filename):
        raise EvidenceFileRefused("The file name contains characters that are not valid text.")
    name = unicodedata.normalize("NFC", filename).strip()
    if "\x00" in name:
        raise EvidenceFileRefused("The file name contains a NUL character.")
    if any(character in BIDI_CONTROLS for character in name):
        raise EvidenceFileRefused(
            "The file name contains right-to-left control characters, which can disguise its extension."
        )
    if any(unicodedata.category(character) in ("Cc", "Zl", "Zp") for character in name):
        raise EvidenceFileRefused("The file name contains control characters such as line breaks or tabs.")
    if "/" in name or "\\" in name:
        base = re.split(r"[/\\]", name)[-1].strip()
        hint = f" Upload it as “{base}”." if base.strip(".") and len(base) <= MAX_NAME_CHARACTERS else ""
        raise EvidenceFileRefused(f"The file name contains a folder path (“/” or “\\”).{hint}")
    if not name.strip("."):
        raise EvidenceFileRefused("The file has no name.")
    if len(name) > MAX_NAME_CHARACTERS:
        raise EvidenceFileRefused(f"The file name is longer than {MAX_NAME_CHARACTERS} characters.")
    return name


def declared_kind(name: str) -> str:
    """The kind the name's extension promises."""
    _stem, dot, extension = name.rpartition(".")
    kind = EXTENSIONS.get(f".{extension.lower()}") if dot else None
    if kind is None:
        raise EvidenceFileRefused(f"“{name}” is not a kind of file we accept; we accept {ACCEPTED_LIST}.")
    return kind


def sniff(data: bytes) -> str:
    """The kind the first bytes show; "zip" for any ZIP archive, office or not."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if b"\x00" in data:
        return "unknown"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "unknown"
    start = text.lstrip("\ufeff \t\r\n\f\v")[:4096].lower()
    if start.startswith("<?xml"):
        return "svg" if "<svg" in start else "xml"
    if start.startswith("<svg") or (start.startswith("<!doctype") and "svg" in start.split(">", 1)[0]):
        return "svg"
    if start.startswith(("<!doctype", "<html", "<script")):
        return "html"
    return "text"


def check_pdf(name: str, data: bytes) -> None:
    if b"%%EOF" not in data[-1024:]:
        raise EvidenceFileRefused(f"“{name}” is not a complete PDF: it lacks the end marker (%%EOF).")
    refuse_polyglot(name, data, "a PDF")
    if found := ACTIVE_PDF_BYTES.search(data):
        raise active_content(name, found.group().decode("latin-1"))
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            for obj in pdf.objects:
                if key := active_key(obj, depth=0):
                    raise active_content(name, key)
    except pikepdf.PasswordError:
        raise EvidenceFileRefused(
            f"“{name}” is protected by a password; attach a copy without one."
        ) from None
    except EvidenceFileRefused:
        raise
    except Exception:  # a hostile PDF can fail qpdf's parser in many ways; each is a refusal
        raise EvidenceFileRefused(f"“{name}” is a damaged PDF that cannot be read.") from None


def active_key(obj: object, depth: int) -> str | None:
    """The first active-content name in `obj` and the direct objects inside it."""
    if depth > MAX_PDF_NESTING:
        raise EvidenceFileRefused("The PDF nests its objects too deeply to be checked.")
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if isinstance(obj, pikepdf.Dictionary):
        for key in ACTIVE_PDF_KEYS:
            if key in obj:
                return key
        if str(obj.get("/S", "")) in ("/JavaScript", "/Launch"):
            return str(obj.get("/S"))
        if str(obj.get("/Type", "")) == "/EmbeddedFile":
            return "/EmbeddedFile"
        children = [value for _, value in obj.items()]
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return None
    for child in children:
        direct = isinstance(child, pikepdf.Object) and not child.is_indirect
        if direct and (key := active_key(child, depth + 1)):
            return key
    return None


def active_content(name: str, key: str) -> EvidenceFileRefused:
    return EvidenceFileRefused(
        f"“{name}” contains active content ({key}) that could run when it is opened; "
        "print it to a new PDF and attach that."
    )


def refuse_polyglot(name: str, data: bytes, label: str) -> None:
    """Refuse a PDF or image that is also a web page or a ZIP archive."""
    if found := MARKUP.search(data[:HEAD]) or MARKUP.search(data[-TAIL:]):
        marker = found.group().decode("latin-1").strip().rstrip(">/").lower()
        raise EvidenceFileRefused(
            f"“{name}” is {label} that also contains HTML or script ({marker}), which a browser could run."
        )
    if ZIP_LOCAL_HEADER.search(data) or ZIP_END in data[-ZIP_END_WINDOW:]:
        raise EvidenceFileRefused(f"“{name}” is {label} with a ZIP archive hidden inside it.")


def check_image(name: str, data: bytes, kind: str) -> None:
    label = LABELS[kind]
    refuse_polyglot(name, data, label)
    too_large = EvidenceFileRefused(
        f"“{name}” has more than {MAX_IMAGE_PIXELS // 1_000_000} megapixels; attach a smaller image."
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[IMAGE_FORMATS[kind]]) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise too_large
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large from None
    except EvidenceFileRefused:
        raise
    except Exception:  # Pillow's decoders raise many kinds of error on hostile bytes
        raise EvidenceFileRefused(f"“{name}” is a damaged image that cannot be read as {label}.") from None


def check_text(name: str, data: bytes) -> None:
    text = data.decode("utf-8")
    if TEXT_CONTROLS.search(text):
        raise EvidenceFileRefused(f"“{name}” contains control characters, so it is not plain text.")
    if "<script" in text.lower():
        raise EvidenceFileRefused(
            f"“{name}” contains a <script> tag; plain text with script in it is not accepted."
        )


def office_kind(name: str, data: bytes) -> str:
    """The office kind of a ZIP archive, "zip" if it is none, refusing one unsafe to open."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            check_members(name, members)
            heads = read_members(name, archive, members)
    except EvidenceFileRefused:
        raise
    except Exception:  # zipfile raises many kinds of error on a damaged or hostile archive
        raise EvidenceFileRefused(f"“{name}” is a damaged archive that cannot be read.") from None
    names = {member.filename for member in members}
    if kind := ODF_TYPES.get(heads.get("mimetype", b"").strip()):
        if any(member.startswith(("Basic/", "Scripts/")) for member in names):
            raise EvidenceFileRefused(f"“{name}” contains macros; save it without them and attach that.")
        return kind
    if "[Content_Types].xml" in names:
        for folder, kind in OOXML_FOLDERS.items():
            if any(member.startswith(folder) for member in names):
                return kind
    return "zip"


def check_members(name: str, members: list[zipfile.ZipInfo]) -> None:
    """Refuse an archive whose list of members alone shows it unsafe to open."""
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise EvidenceFileRefused(
            f"“{name}” holds {len(members):,} files inside it; the most we accept is {MAX_ARCHIVE_MEMBERS:,}."
        )
    seen = set()
    for member in members:
        path = member.filename
        if member.flag_bits & 0x1:
            raise EvidenceFileRefused(f"“{name}” is encrypted; attach a copy without a password.")
        if path.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", path) or ".." in re.split(r"[/\\]", path):
            raise EvidenceFileRefused(f"“{name}” contains a file whose path leads outside the archive.")
        if path in seen:
            raise EvidenceFileRefused(f"“{name}” lists the same file inside it twice.")
        seen.add(path)
        if path.lower().endswith(ARCHIVE_SUFFIXES) and not embedded_office_file(path):
            raise EvidenceFileRefused(f"“{name}” contains another archive inside it, which we do not accept.")
        if path.rsplit("/", 1)[-1].lower() == "vbaproject.bin":
            raise EvidenceFileRefused(f"“{name}” contains macros; save it without them and attach that.")
        if member.file_size > RATIO_EXEMPT_BYTES and member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise EvidenceFileRefused(
                f"“{name}” contains a file compressed more than {MAX_COMPRESSION_RATIO} times, "
                "the mark of a zip bomb."
            )
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise EvidenceFileRefused(
            f"“{name}” would unpack to more than {MAX_UNPACKED_BYTES // MEGABYTE} MB; "
            "the most we accept is that."
        )


def embedded_office_file(path: str) -> bool:
    """Whether an archive member is an office document embedded in another (a chart's workbook
    in a Word file: `word/embeddings/Microsoft_Excel_Worksheet.xlsx`). Office keeps these
    as archives; they are never unpacked here, so they can do no harm to the server, and
    refusing them would refuse most reports with a chart in them. Macro-enabled ones stay out."""
    folder, _, file = path.lower().rpartition("/")
    return folder.endswith("/embeddings") and file.endswith((".xlsx", ".docx", ".pptx"))


def read_members(name: str, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> dict[str, bytes]:
    """Read every member through once in memory, so that a damaged one (its checksum checked
    at its end) or an archive inside one is found; return the first bytes of each."""
    heads = {}
    for member in members:
        if member.is_dir():
            continue
        with archive.open(member) as stream:
            head = stream.read(64 * 1024)
            if head.startswith(ARCHIVE_MAGIC) and not embedded_office_file(member.filename):
                raise EvidenceFileRefused(
                    f"“{name}” contains another archive inside it, which we do not accept."
                )
            while stream.read(MEGABYTE):
                pass
        heads[member.filename] = head
    return heads
