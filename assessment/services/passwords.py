"""What makes a long password still easy to guess.

Length alone let `aaaaaaaaaaaa`, `123456789012`, `password1234` and the account's own
email address through. These checks refuse the patterns guessing tools try first: few
distinct characters, a run along the keyboard or the alphabet, a repeated short unit,
one of the commonest passwords with digits or symbols around it, and the email address
or its name part. They also refuse the passwords that breaches show people choose most,
with digits or symbols around them: zxcvbn's list of the 30,000 most frequent passwords
in Mark Burnett's corpus of 10 million passwords from breaches (zxcvbn, MIT licence,
https://github.com/dwolfhub/zxcvbn-python), loaded once and looked up in a set. That
needs no network call, unlike a breached-password service.
"""

from __future__ import annotations

import itertools
import re

from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_DISTINCT = 5
#: The stems of the commonest passwords in published breach statistics, written out here.
COMMON_STEMS = frozenset(
    """password passw0rd p@ssword p@ssw0rd qwerty qwertyuiop qwertz azerty asdfgh asdfghjkl
    zxcvbnm letmein welcome admin administrator iloveyou monkey dragon football baseball
    soccer hockey sunshine princess trustno master secret login changeme default guest
    shadow superman batman michael jennifer charlie whatever freedom starwars computer
    internet summer winter spring autumn hello abc abcd test testing user root""".split()  # noqa: SIM905
)
#: The most frequent passwords in breaches, lower case (zxcvbn's "passwords" list).
BREACHED = frozenset(word.casefold() for word in FREQUENCY_LISTS["passwords"])
BREACHED_MESSAGE = "is on a list of passwords leaked in data breaches"
SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnm",
    "qwertzuiopasdfghjklyxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
)
_AROUND = re.compile(r"[\d\W_]*(.*?)[\d\W_]*", re.DOTALL)


def weakness(password: str, email: str = "") -> str | None:
    """Why the password is easy to guess, as the end of a sentence; None when it is not."""
    folded = password.casefold()
    if len(set(folded)) < MIN_DISTINCT:
        return f"uses fewer than {MIN_DISTINCT} different characters"
    if _is_run(folded):
        return "is a run of keys or letters"
    if _repeats(folded):
        return "repeats a shorter part"
    stem = _AROUND.fullmatch(folded).group(1)
    if stem in COMMON_STEMS or (_repeats(stem) and _unit(stem) in COMMON_STEMS):
        return "is one of the most common passwords"
    if folded in BREACHED or stem in BREACHED or (_repeats(stem) and _unit(stem) in BREACHED):
        return BREACHED_MESSAGE
    local = email.casefold().partition("@")[0]
    if email and (email.casefold() in folded or (len(local) >= 4 and local in folded)):
        return "contains your email address"
    return None


def _is_run(text: str) -> bool:
    """True when the text is a stretch of a keyboard row or the alphabet (either way), or of
    digits counting up or down (wrapping from 9 to 0)."""
    if any(text in sequence or text in sequence[::-1] for sequence in SEQUENCES):
        return True
    if not text.isdigit():
        return False
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(text)}
    return steps in ({1}, {9})


def _unit(text: str) -> str:
    """The shortest part whose repetition makes the text (the text itself when none)."""
    for size in range(1, len(text) // 2 + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return text[:size]
    return text


def _repeats(text: str) -> bool:
    """True when the text is a shorter part repeated."""
    return bool(text) and _unit(text) != text
