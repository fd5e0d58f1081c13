"""F12: hostile YAML is refused as file:line problems, and never stops the app from starting."""

from __future__ import annotations

import shutil
import time

import pytest

from assessment import create_app
from tests.support import ROOT

EXAMPLE = ROOT / "questionnaires" / "example.yaml"

BILLION_LAUGHS = "\n".join(
    ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]
)

HOSTILE = {
    "billion-laughs": (BILLION_LAUGHS, "aliases (*name) of mappings or lists are not supported"),
    "recursive-list": ("kind: questionnaire\nloop: &a [*a]\n", "aliases (*name) of mappings or lists"),
    "recursive-map": ("kind: questionnaire\nloop: &a {x: *a}\n", "aliases (*name) of mappings or lists"),
    "merge-key": (
        "kind: questionnaire\nbase: &b {weight: 1}\nother:\n  <<: *b\n",
        "merge keys (<<) are not supported",
    ),
    "python-name": ("kind: questionnaire\nx: !!python/name:os.system\n", "is not supported"),
    "custom-tag": ("kind: questionnaire\nx: !custom 1\n", "the tag !custom is not supported"),
    "custom-tag-on-map": ("kind: questionnaire\nx: !custom {a: 1}\n", "the tag !custom is not supported"),
    "huge-int": ("kind: questionnaire\nx: " + "9" * 10_000 + "\n", "this value cannot be read"),
    "deep-nesting": ("kind: questionnaire\nx: " + "[" * 5_000 + "]" * 5_000 + "\n", "nest"),
    "deep-nesting-map": ("kind: questionnaire\nx: " + "{a: " * 200 + "1" + "}" * 200 + "\n", "nested deeper"),
}


@pytest.fixture
def cli(make_app):
    return make_app({"DATABASE_URL": "sqlite://"}).test_cli_runner()


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_validate_lists_a_problem_instead_of_a_traceback(cli, tmp_path, name):
    text, message = HOSTILE[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    began = time.perf_counter()
    result = cli.invoke(args=["questionnaires", "validate", str(path)])
    assert time.perf_counter() - began < 10
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert any(line.startswith(f"{path}:") and message in line for line in result.output.splitlines()), (
        result.output
    )


@pytest.mark.parametrize(
    "name", ["billion-laughs", "recursive-list", "merge-key", "huge-int", "deep-nesting"]
)
def test_one_bad_file_in_the_questionnaires_folder_is_logged_and_skipped(
    tmp_path, instance_path, name, caplog
):
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "example.yaml")
    shutil.copytree(EXAMPLE.parent / "vocabularies", folder / "vocabularies")
    (folder / "bad.yaml").write_text(HOSTILE[name][0], encoding="utf-8")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "QUESTIONNAIRES_DIR": str(folder)})
    try:
        catalog = app.extensions["catalog"]
        assert "example" in catalog.questionnaires
        assert any(file.endswith("bad.yaml") for file in catalog.refused)
        assert "refused questionnaire file" in caplog.text
    finally:
        app.extensions["database"].engine.dispose()
