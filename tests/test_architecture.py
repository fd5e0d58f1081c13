"""The import contract: imports point the way the README's drawing says.

The contracts live in setup.cfg (`[importlinter:contract:...]`) and import-linter checks
them: the layers point down (the edges, `cli` and `web`, call `services`; services call
`reporting` and `persistence`; everything may use the pure core), the pure core
(questionnaire, scoring) imports no web or database library and no other part of the
app, services import no Flask, reporting imports no web code and no Flask, and a
blueprint imports no other blueprint. The tests below also check that the contracts keep
up with the code: a new part of the app must take its place in the layers and is
forbidden to the core, and a new blueprint joins the independence contract, without
anyone remembering to list it.
"""

from __future__ import annotations

import ast
import configparser
import importlib
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

from flask import Blueprint

import assessment
import assessment.web
from tests.support import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
# What each part of the pure core may import from the app besides itself.
CORE = {"questionnaire": set(), "scoring": {"questionnaire"}}


def contracts() -> dict[str, configparser.SectionProxy]:
    """The import contracts in setup.cfg, by id."""
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    prefix = "importlinter:contract:"
    return {name.removeprefix(prefix): config[name] for name in config.sections() if name.startswith(prefix)}


def listed(contract: configparser.SectionProxy, key: str) -> set[str]:
    return {line.strip() for line in contract[key].splitlines() if line.strip()}


def test_imports_keep_the_contract():
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=ROOT,  # it reads the contracts from setup.cfg here
        env={**os.environ, "COLUMNS": "120", "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_pure_core_is_forbidden_every_other_part_of_the_app():
    parts = {module.name for module in pkgutil.iter_modules(assessment.__path__)}
    for part, allowed in CORE.items():
        forbidden = listed(contracts()[f"{part}-is-pure"], "forbidden_modules")
        missing = {f"assessment.{other}" for other in parts - allowed - {part}} - forbidden
        assert not missing, f"add to {part}-is-pure in setup.cfg: {sorted(missing)}"


def test_every_part_of_the_app_has_its_place_in_the_layers():
    parts = {f"assessment.{module.name}" for module in pkgutil.iter_modules(assessment.__path__)}
    layered = {
        name.strip()
        for line in listed(contracts()["layers"], "layers")
        for name in line.replace("|", ":").split(":")
    }
    assert parts == layered, "give each part of the app a layer in setup.cfg's [importlinter:contract:layers]"


def test_every_blueprint_is_independent_of_the_others():
    """A blueprint is a module or package of assessment.web with a `blueprint`; the rest is shared."""
    blueprints = set()
    for found in pkgutil.iter_modules(assessment.web.__path__):
        module = importlib.import_module(f"assessment.web.{found.name}")
        if isinstance(vars(module).get("blueprint"), Blueprint):
            blueprints.add(module.__name__)
    assert listed(contracts()["blueprints-independent"], "modules") == blueprints


def test_no_test_module_imports_another_test_module_or_a_conftest():
    """Shared helpers live in tests/support; conftest files hand out fixtures, not imports,
    and no test imports a helper from another test folder or lying beside it by bare name."""
    offending = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [("." * node.level) + (node.module or "")]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                last = name.rsplit(".", 1)[-1]
                bare = getattr(node, "level", 0) == 0 and "." not in name
                beside = bare and (path.parent / f"{name}.py").exists()
                elsewhere = name.startswith("tests.") and not name.startswith(("tests.support", "tests.data"))
                if last == "conftest" or last.startswith("test_") or beside or elsewhere:
                    offending.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
    assert offending == []


#: What changes stored state, which only services (and the persistence layer itself) call.
WRITERS = {
    "add",
    "add_all",
    "delete",
    "merge",
    "record_answer",
    "register_questionnaire",
    "summarise",
    "mark_stale",
}
#: The names views give rows of the database; a view assigning to their attributes writes a model.
ROWS = {
    "account",
    "assessment",
    "client",
    "cohort",
    "membership",
    "organisation",
    "respondent",
    "workshop",
    "workspace",
}


def test_views_change_stored_state_only_through_services():
    """A view parses, calls a service, renders: it neither adds, deletes nor assigns to a row."""
    offending = []
    for path in sorted((ROOT / "assessment" / "web").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call):
                name = (
                    node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                )
                if name in WRITERS:
                    offending.append(f"{where}: calls {name}")
            elif isinstance(node, ast.Assign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if not isinstance(target, ast.Attribute):
                        continue
                    # visit.respondent.token_hash = ... names the row `respondent`
                    chain, value = [], target.value
                    while isinstance(value, ast.Attribute):
                        chain.append(value.attr)
                        value = value.value
                    chain.append(getattr(value, "id", ""))
                    if chain[-1] == "self":
                        continue  # a form's or helper's own fields (a form field may be named `cohort`)
                    if rows := [name for name in chain if name in ROWS]:
                        offending.append(f"{where}: assigns to {rows[0]}.{target.attr}")
    assert offending == []
