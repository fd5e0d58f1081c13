"""Evidence uploads: what is kept, what is refused, and that each refusal says why.

Every file here is built in the test from the standard library and Pillow: the good ones
are the smallest real files of each kind, the hostile ones are what an attacker would try
(disguised HTML, polyglots, active PDFs, zip and image bombs, macros, tricky names).
"""

from __future__ import annotations

import hashlib
import io
import unicodedata

import openpyxl
import pikepdf
import pptx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.services.evidence_files import (
    ACCEPTED_CONTENT_TYPES,
    ACCEPTED_EXTENSIONS,
    BIDI_CONTROLS,
    MAX_EVIDENCE_BYTES,
    MAX_FILES_PER_ANSWER,
    CheckedFile,
    EvidenceFileRefused,
    check_evidence_file,
    describe_limits,
)
from tests.support.evidence_files import (
    archive,
    directory_claims,
    image,
    odf,
    ooxml,
    pdf,
    png_declaring,
    zeros_member,
)


def refused(filename: str, data: bytes, **options) -> str:
    with pytest.raises(EvidenceFileRefused) as caught:
        check_evidence_file(filename, data, **options)
    assert caught.value.reason == str(caught.value)
    return caught.value.reason


# --- what is kept --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "data", "content_type"),
    [
        ("report.pdf", pdf(), "application/pdf"),
        ("chart.png", image("PNG"), "image/png"),
        ("photo.jpg", image("JPEG"), "image/jpeg"),
        ("photo.JPEG", image("JPEG"), "image/jpeg"),
        ("anim.gif", image("GIF"), "image/gif"),
        ("photo.webp", image("WEBP"), "image/webp"),
        (
            "policy.docx",
            ooxml("word"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("budget.xlsx", ooxml("xl"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (
            "deck.pptx",
            ooxml("ppt"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("policy.odt", odf("text"), "application/vnd.oasis.opendocument.text"),
        ("budget.ods", odf("spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet"),
        ("deck.odp", odf("presentation"), "application/vnd.oasis.opendocument.presentation"),
        ("notes.txt", "Évidence: 2 < 3 and <b>bold</b>\n".encode(), "text/plain; charset=utf-8"),
        ("notes.md", "\ufeff# Heading\n\n- point\n".encode(), "text/plain; charset=utf-8"),
        ("table.csv", b"team,score\r\nA,3\r\n", "text/plain; charset=utf-8"),
    ],
)
def test_a_real_file_of_each_accepted_kind_is_kept_with_the_type_its_content_shows(
    filename, data, content_type
):
    checked = check_evidence_file(filename, data)
    assert checked == CheckedFile(
        filename=filename,
        content_type=content_type,
        data=data,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    assert "data=" not in repr(checked)  # ten megabytes of bytes stay out of logs


def test_workbooks_and_slides_saved_by_real_libraries_are_kept():
    """Hand-built archives could miss what real office files hold; these two are written by
    openpyxl and python-pptx, both dependencies of the app."""
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "evidence " * 2_000  # repetitive XML compresses far past 100:1
    saved = io.BytesIO()
    workbook.save(saved)
    assert check_evidence_file("scores.xlsx", saved.getvalue()).content_type.endswith("spreadsheetml.sheet")
    deck = pptx.Presentation()
    deck.slides.add_slide(deck.slide_layouts[0])
    saved = io.BytesIO()
    deck.save(saved)
    assert check_evidence_file("deck.pptx", saved.getvalue()).content_type.endswith(
        "presentationml.presentation"
    )


def test_the_name_is_normalised_to_nfc_and_trimmed():
    decomposed = "  re\u0301sume\u0301.txt "
    assert check_evidence_file(decomposed, b"text").filename == unicodedata.normalize("NFC", "résumé.txt")


def test_the_limits_are_described_for_the_form():
    assert ".pdf" in ACCEPTED_EXTENSIONS and ".docx" in ACCEPTED_EXTENSIONS and ".csv" in ACCEPTED_EXTENSIONS
    assert isinstance(ACCEPTED_EXTENSIONS, tuple)
    sentence = describe_limits()
    assert f"{MAX_FILES_PER_ANSWER} files" in sentence and "10 MB" in sentence and "PDF" in sentence


# --- size and count ------------------------------------------------------------------------


def test_an_empty_file_is_refused():
    assert refused("report.pdf", b"") == "“report.pdf” is empty."


def test_a_file_over_the_limit_is_refused_naming_the_limit():
    assert "the limit is 10 MB per file" in refused("big.txt", b"a" * (MAX_EVIDENCE_BYTES + 1))


def test_a_full_answer_takes_no_more_files():
    check_evidence_file("notes.txt", b"fine", files_already=MAX_FILES_PER_ANSWER - 1)
    reason = refused("notes.txt", b"fine", files_already=MAX_FILES_PER_ANSWER)
    assert f"at most {MAX_FILES_PER_ANSWER} files" in reason


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("../../etc/passwd.txt", "contains a folder path"),
        ("C:\\Users\\me\\report.pdf", "contains a folder path"),
        ("invoice\u202efdp.exe", "right-to-left control characters, which can disguise its extension"),
        ("a\u2066b.txt", "right-to-left control characters"),
        ("report\x00.pdf", "contains a NUL character"),
        ("two\nlines.txt", "control characters"),
        ("   ", "has no name"),
        ("..", "has no name"),
        ("a" * 197 + ".txt", "longer than 200 characters"),
        ("report", "not a kind of file we accept"),
        ("setup.exe", "not a kind of file we accept"),
    ],
)
def test_an_unsafe_or_unusable_name_is_refused_saying_what_is_wrong(filename, expected):
    assert expected in refused(filename, b"plain text")


def test_a_path_is_refused_with_the_plain_name_to_use_instead():
    assert "Upload it as “passwd.txt”" in refused("../../etc/passwd.txt", b"text")


# --- the content decides the type ----------------------------------------------------------


def test_html_disguised_as_a_pdf_is_refused():
    reason = refused("report.pdf", b"<!DOCTYPE html><html><body>Pay here</body></html>")
    assert reason == "“report.pdf” says it is a PDF but its content is HTML."


def test_a_png_renamed_pdf_is_refused():
    assert (
        refused("report.pdf", image("PNG")) == "“report.pdf” says it is a PDF but its content is a PNG image."
    )


@pytest.mark.parametrize(("filename", "claimed"), [("logo.png", "a PNG image"), ("logo.txt", "plain text")])
def test_svg_renamed_is_refused(filename, claimed):
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert refused(filename, svg) == f"“{filename}” says it is {claimed} but its content is SVG."


def test_text_with_a_script_tag_is_refused():
    assert "contains a <script> tag" in refused("notes.txt", b"Meeting notes\n<SCRIPT>alert(1)</SCRIPT>\n")


def test_text_that_is_not_utf8_or_holds_control_characters_is_refused():
    assert "not a kind of file we recognise" in refused("notes.txt", "café".encode("latin-1"))
    assert "not a kind of file we recognise" in refused("notes.txt", b"with a \x00 in it")
    assert "control characters" in refused("notes.txt", b"escape \x1b[31m red")


def test_an_unknown_kind_is_refused_with_the_list_of_accepted_kinds():
    reason = refused("report.pdf", b"MZ\x90\x00\x03 an executable")
    assert "not a kind of file we recognise" in reason and "We accept PDF, PNG, JPEG" in reason


def test_an_office_document_must_be_the_kind_its_extension_says():
    assert "its content is an Excel workbook (XLSX)" in refused("policy.docx", ooxml("xl"))
    assert "not an office document" in refused("policy.docx", archive({"readme.txt": b"hi"}))
    assert "its content is an OpenDocument text (ODT)" in refused("sheet.ods", odf("text"))


# --- polyglots and active content ----------------------------------------------------------


def test_a_pdf_that_is_also_a_web_page_is_refused():
    polyglot = pdf(tail=b"\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n")
    assert "also contains HTML or script (<html)" in refused("report.pdf", polyglot)


def test_a_pdf_linking_to_javascript_urls_is_refused():
    link = b"/OpenAction << /S /URI /URI (javascript:alert(1)) >>"
    assert "also contains HTML or script (javascript:)" in refused("report.pdf", pdf(catalog_extra=link))


def test_a_gif_with_a_script_appended_is_refused():
    assert "a GIF image that also contains HTML or script (<script)" in refused(
        "anim.gif", image("GIF") + b"<script>alert(1)</script>"
    )


def test_an_image_with_a_zip_archive_behind_it_is_refused():
    assert "ZIP archive hidden inside it" in refused("chart.png", image("PNG") + ooxml("word"))
    assert "ZIP archive hidden inside it" in refused("report.pdf", pdf() + archive({"a.txt": b"x"}))


@pytest.mark.parametrize(
    ("extra", "key"),
    [
        (b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>", "/JavaScript"),
        (b"/OpenAction << /S /Launch /F (calc.exe) >>", "/Launch"),
        (b"/Names << /EmbeddedFiles << /Names [] >> >>", "/EmbeddedFile"),
    ],
)
def test_a_pdf_with_active_content_is_refused(extra, key):
    assert f"contains active content ({key}" in refused("report.pdf", pdf(catalog_extra=extra))


def test_javascript_hidden_in_a_compressed_object_stream_is_found():
    document = pikepdf.new()
    document.add_blank_page()
    document.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")
    )
    buffer = io.BytesIO()
    document.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    assert b"/JavaScript" not in buffer.getvalue()  # invisible to a byte search
    assert "contains active content (/J" in refused("report.pdf", buffer.getvalue())


def test_a_pdf_without_its_end_marker_or_structure_is_refused():
    assert "lacks the end marker" in refused("report.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\n")
    assert "damaged PDF" in refused("report.pdf", b"%PDF-1.4\ngarbage\n%%EOF\n")


# --- bombs and unsafe archives -------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_anything_is_unpacked():
    bomb = zeros_member(200 * 1024 * 1024)
    assert len(bomb) < MAX_EVIDENCE_BYTES
    assert "compressed more than 100 times" in refused("policy.docx", bomb)


def test_an_archive_unpacking_past_the_limit_is_refused_though_no_member_looks_like_a_bomb():
    # The directory claims three members of 40 MB, each packed into 1 MB: no ratio over 100,
    # but 120 MB in all, and the claim is refused before a byte is unpacked.
    claims = {index: {"compress_size": 1024 * 1024, "file_size": 40 * 1024 * 1024} for index in range(3)}
    assert "would unpack to more than 100 MB" in refused(
        "policy.docx", directory_claims(ooxml("word"), claims)
    )


def test_an_archive_with_too_many_members_is_refused():
    members = {f"word/part{index}.xml": b"" for index in range(3_000)}
    assert "holds 3,003 files inside it; the most we accept is 2,000" in refused(
        "policy.docx", ooxml("word", **members)
    )


def test_an_archive_member_escaping_the_archive_is_refused():
    assert "path leads outside the archive" in refused("policy.docx", ooxml("word", **{"../evil": b"x"}))
    assert "path leads outside the archive" in refused(
        "policy.docx", ooxml("word", **{"/etc/cron.d/x": b"x"})
    )


def test_macros_are_refused():
    assert "contains macros" in refused("policy.docx", ooxml("word", **{"word/vbaProject.bin": b"\xd0\xcf"}))
    assert "contains macros" in refused("policy.odt", odf("text", **{"Basic/Standard/Module1.xml": b"<x/>"}))


def test_an_archive_inside_an_archive_is_refused():
    inner = archive({"payload.txt": b"x"})
    assert "another archive inside it" in refused("policy.docx", ooxml("word", **{"word/media/a.zip": inner}))
    assert "another archive inside it" in refused("policy.docx", ooxml("word", **{"word/media/a.png": inner}))


def test_a_workbook_embedded_in_a_report_is_kept_but_a_macro_workbook_is_not():
    chart = ooxml("xl")
    kept = check_evidence_file(
        "report.docx", ooxml("word", **{"word/embeddings/Microsoft_Excel_Worksheet.xlsx": chart})
    )
    assert kept.filename == "report.docx"
    hidden = ooxml("word", **{"word/embeddings/Macro_Sheet.xlsm": chart})
    assert "another archive inside it" in refused("report.docx", hidden)


def test_an_encrypted_member_is_refused():
    claims = {2: {"flag_bits": 0x1}}
    assert "is encrypted" in refused("policy.docx", directory_claims(ooxml("word"), claims))


def test_a_damaged_archive_is_refused():
    whole = ooxml("word")
    assert "damaged archive" in refused("policy.docx", whole[: len(whole) // 2])


def test_an_image_bomb_is_refused_before_it_is_decoded():
    for width, height in [(100_000, 100_000), (10_000, 6_000)]:
        assert "more than 50 megapixels" in refused("chart.png", png_declaring(width, height))


def test_a_damaged_image_is_refused():
    whole = image("PNG")
    assert "damaged image" in refused("chart.png", whole[:40] + b"\x00" * 8 + whole[48:])


# --- whatever arrives ----------------------------------------------------------------------

MAGIC = [
    b"",
    b"%PDF-1.4\n",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF89a",
    b"RIFF\x00\x00\x00\x00WEBP",
    b"PK\x03\x04",
]
NAMES = st.one_of(
    st.text(max_size=60),
    st.builds(
        "".join,
        st.lists(st.sampled_from(["a", "/", "\\", "\u202e", "\x00", ".", " ", "é", "\n"]), max_size=12),
    ).map(lambda stem: stem + ".pdf"),
    st.tuples(st.text(max_size=20), st.sampled_from(ACCEPTED_EXTENSIONS)).map("".join),
)
CONTENT = st.one_of(
    st.binary(max_size=2_000),
    st.tuples(st.sampled_from(MAGIC), st.binary(max_size=2_000), st.sampled_from([b"", b"\n%%EOF\n"])).map(
        b"".join
    ),
    st.sampled_from([pdf(), image("PNG"), ooxml("word"), odf("text")]).flatmap(
        lambda whole: st.integers(0, len(whole)).map(lambda cut: whole[:cut])
    ),
    st.text(max_size=500).map(str.encode),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(filename=NAMES, data=CONTENT, files_already=st.integers(0, 12))
def test_any_upload_is_kept_safely_or_refused_with_a_reason(filename, data, files_already):
    try:
        checked = check_evidence_file(filename, data, files_already=files_already)
    except EvidenceFileRefused as refusal:
        assert refusal.reason.strip()
        return
    assert checked.content_type in ACCEPTED_CONTENT_TYPES
    assert not {"/", "\\", "\x00"} & set(checked.filename)
    assert not BIDI_CONTROLS & set(checked.filename)
    assert checked.size == len(data) > 0 and files_already < MAX_FILES_PER_ANSWER
