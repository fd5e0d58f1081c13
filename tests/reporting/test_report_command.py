"""`assessment report`: one PDF, a folder for several inputs, precise one-line errors."""

from __future__ import annotations

import json
import subprocess

import pytest
from PIL import Image

from tests.support.machine import poppler
from tests.support.reports import full_answers


@pytest.fixture
def cli(make_app, tmp_path):
    """A CLI runner on a throwaway SQLite app."""
    return make_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"}).test_cli_runner()


def write(path, data) -> str:
    """Write an answers file and return its path."""
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return str(path)


def test_one_file_and_a_group_file_become_pdfs_in_a_folder(cli, flagship, tmp_path):
    single = write(
        tmp_path / "acme.json",
        {
            "questionnaire": "ai-execution",
            "organisation": {"name": "Acme"},
            "answers": full_answers(flagship, 1),
        },
    )
    group = write(
        tmp_path / "workshop.json",
        {
            "questionnaire": "ai-execution",
            "organisation": {"name": "Acme"},
            "respondents": [{"role": "Product", "answers": full_answers(flagship, s)} for s in range(3)],
        },
    )
    result = cli.invoke(args=["report", single, group, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    for name in ("acme.pdf", "workshop.pdf"):
        assert (tmp_path / "out" / name).read_bytes().startswith(b"%PDF")


def test_format_xlsx_writes_workbooks_that_open_with_the_scorecards_figures(cli, flagship, tmp_path):
    from openpyxl import load_workbook

    from assessment.scoring import applicable_answers, score_answers

    answers = applicable_answers(flagship, full_answers(flagship, 2))
    single = write(
        tmp_path / "acme.json",
        {"questionnaire": "ai-execution", "organisation": {"name": "Acme"}, "answers": answers},
    )
    result = cli.invoke(args=["report", single, "--format", "xlsx", "-o", str(tmp_path / "acme.xlsx")])
    assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / "acme.xlsx")
    summary = {row[0].value: row[1].value for row in book["Summary"].iter_rows(min_row=2)}
    assert summary["Maturity index"] == round(score_answers(flagship, answers).score, 2)


def test_format_pptx_writes_decks_whose_chart_holds_the_scorecards_figures(cli, flagship, tmp_path):
    from pptx import Presentation

    from assessment.scoring import applicable_answers, score_answers

    answers = applicable_answers(flagship, full_answers(flagship, 2))
    single = write(
        tmp_path / "acme.json",
        {"questionnaire": "ai-execution", "organisation": {"name": "Acme"}, "answers": answers},
    )
    group = write(
        tmp_path / "workshop.json",
        {
            "questionnaire": "ai-execution",
            "organisation": {"name": "Acme"},
            "respondents": [{"role": "Product", "answers": full_answers(flagship, s)} for s in range(3)],
        },
    )
    args = ["report", single, group, "--format", "pptx", "--brand", "Ada Consulting", "--accent", "#7a1f5c"]
    result = cli.invoke(args=[*args, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    deck = Presentation(str(tmp_path / "out" / "acme.pptx"))
    (chart,) = [s.chart for slide in deck.slides for s in slide.shapes if s.has_chart]
    card = score_answers(flagship, answers)
    assert list(chart.plots[0].series[0].values) == [round(d.score, 1) for d in card.dimensions]
    assert deck.core_properties.author == "Ada Consulting"
    room = Presentation(str(tmp_path / "out" / "workshop.pptx"))
    assert room.slides[1].shapes.title.text == "The room at a glance"


def test_the_deck_and_the_workbook_of_one_file_give_the_scorecards_levels_and_scores(cli, flagship, tmp_path):
    from openpyxl import load_workbook
    from pptx import Presentation

    from assessment.scoring import applicable_answers, score_answers

    answers = applicable_answers(flagship, full_answers(flagship, 5))
    source = write(
        tmp_path / "acme.json",
        {"questionnaire": "ai-execution", "organisation": {"name": "Acme"}, "answers": answers},
    )
    for file_format in ("pptx", "xlsx"):
        result = cli.invoke(
            args=["report", source, "--format", file_format, "-o", str(tmp_path / f"a.{file_format}")]
        )
        assert result.exit_code == 0, result.output
    card = score_answers(flagship, answers)
    sheet = {row[0].value: row for row in load_workbook(tmp_path / "a.xlsx")["Scores"].iter_rows(min_row=2)}
    slides = {slide.shapes.title.text: slide for slide in Presentation(str(tmp_path / "a.pptx")).slides}
    (table,) = [s.table for s in slides["Against the targets"].shapes if s.has_table]
    deck = {row.cells[0].text: row.cells for row in list(table.rows)[1:]}
    for dimension in card.dimensions:
        assert (sheet[dimension.title][1].value, sheet[dimension.title][2].value) == (
            round(dimension.score, 2),
            dimension.level,
        )
        cells = deck[dimension.title]
        assert (cells[1].text, cells[2].text) == (
            f"{dimension.score:.1f}",
            f"{dimension.level:g} {dimension.level_name}",
        )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "malformed JSON"),
        ({"questionnaire": "ai-execution", "answers": {"nope": "x"}}, "nope"),
        ({"questionnaire": "ai-execution", "answers": {}, "profile": "gold"}, "unknown profile 'gold'"),
    ],
)
def test_bad_files_fail_with_one_line_naming_the_file(cli, tmp_path, content, message):
    path = write(tmp_path / "bad.json", content)
    result = cli.invoke(args=["report", path, "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and path in result.output and message in result.output


def test_unknown_questionnaire_exits_2_listing_known_ids(cli, tmp_path):
    path = write(tmp_path / "q.json", {"questionnaire": "nope", "answers": {}})
    result = cli.invoke(args=["report", path, "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and "ai-execution" in result.output


def test_branding_options_put_the_logo_name_and_colour_on_the_cover(cli, flagship, tmp_path):
    Image.new("RGB", (90, 30), "#0b6e4f").save(tmp_path / "logo.jpg", format="JPEG")
    answers = write(
        tmp_path / "acme.json",
        {
            "questionnaire": "ai-execution",
            "organisation": {"name": "Acme"},
            "answers": full_answers(flagship, 1),
        },
    )
    out = tmp_path / "acme.pdf"
    args = ["report", answers, "-o", str(out), "--brand", "Northstar Advisory", "--accent", "#0b6e4f"]
    result = cli.invoke(args=[*args, "--logo", str(tmp_path / "logo.jpg")])
    assert result.exit_code == 0, result.output
    cover = subprocess.run(
        [poppler("pdftotext"), "-l", "1", str(out), "-"], capture_output=True, text=True, check=True
    )
    assert "Prepared by Northstar Advisory" in " ".join(cover.stdout.split())
    images = subprocess.run(
        [poppler("pdfimages"), "-list", "-l", "1", str(out)], capture_output=True, text=True, check=True
    )
    rows = [line.split() for line in images.stdout.splitlines()[2:]]
    assert [row[3:5] for row in rows if row[2] == "image"] == [["90", "30"]]  # its alpha is an "smask"


def test_a_light_accent_is_printed_darker_and_the_command_says_so(cli, flagship, tmp_path):
    answers = write(
        tmp_path / "a.json", {"questionnaire": "ai-execution", "answers": full_answers(flagship, 1)}
    )
    out = tmp_path / "a.pdf"
    result = cli.invoke(args=["report", answers, "-o", str(out), "--accent", "#FFD400"])
    assert result.exit_code == 0, result.output
    assert "--accent: Your colour #ffd400 is too light to read" in result.output
    assert "reports use #866f00 (4.5:1) instead" in result.output
    subprocess.run(
        [poppler("pdftoppm"), "-r", "20", "-l", "1", "-png", str(out), str(tmp_path / "cover")], check=True
    )
    (page,) = tmp_path.glob("cover*.png")
    colours = {colour for _, colour in Image.open(page).convert("RGB").getcolors(maxcolors=1 << 20)}
    assert (0x86, 0x6F, 0x00) in colours  # the cover's accent bar, in the darkened colour
    assert (0xFF, 0xD4, 0x00) not in colours


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--logo", "missing.png", "cannot read the logo"),
        ("--logo", "corrupt.png", "the logo could not be read as a PNG or JPEG image"),
        ("--accent", "blue", "accent colour must look like #1d4e89"),
    ],
)
def test_bad_branding_fails_with_one_line_before_any_render(cli, tmp_path, option, value, message):
    (tmp_path / "corrupt.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    answers = write(tmp_path / "a.json", {"questionnaire": "ai-execution", "answers": {}})
    argument = str(tmp_path / value) if option == "--logo" else value
    result = cli.invoke(args=["report", answers, "-o", str(tmp_path / "x.pdf"), option, argument])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and message in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_a_report_over_the_time_limit_is_named_skipped_and_fails_the_command(cli, flagship, tmp_path):
    answers = {"questionnaire": "ai-execution", "answers": full_answers(flagship, 1)}
    slow = write(tmp_path / "slow.json", answers)
    result = cli.invoke(args=["report", slow, "-o", str(tmp_path / "slow.pdf"), "--time-limit", "0.01"])
    assert result.exit_code == 1
    assert f"{slow}: the report took longer than 0.01 seconds to render; nothing written" in result.output
    assert not (tmp_path / "slow.pdf").exists()
    refused = cli.invoke(args=["report", slow, "-o", str(tmp_path / "x.pdf"), "--time-limit", "0"])
    assert refused.exit_code == 2 and "--time-limit" in refused.output
