"""Problems found in an input: the shared error that lists them, and a questionnaire file's
problems, each pointing at a line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class ProblemsError(Exception):
    """An input refused for everything wrong with it: `problems`, joined by `separator` in the
    message so that one log line shows them all."""

    separator = "; "

    def __init__(self, problems: Iterable[object]) -> None:
        """Keep the problems, in the order given."""
        self.problems = tuple(problems)
        super().__init__(self.separator.join(str(p) for p in self.problems))


class Pointed:
    """A problem that points at where it is: printed as `where: message`."""

    message: str

    @property
    def where(self) -> str:
        raise NotImplementedError

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True, order=True)
class Problem(Pointed):
    """One thing wrong with a file, at `file:line`."""

    file: str
    line: int
    message: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


class QuestionnaireError(ProblemsError):
    """A file was refused; `problems` lists everything wrong with it, in line order."""

    separator = "\n"

    def __init__(self, problems: Iterable[Problem]) -> None:
        """Keep the problems sorted by file and line."""
        super().__init__(sorted(problems))


def display_path(path: Path) -> str:
    """The path as a user typed it or, for absolute paths, relative to the cwd if below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
