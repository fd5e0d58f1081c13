"""Fixtures for report tests: the shipped questionnaires and the flagship.

Their inputs (hostile text, full answers, peer files) and the PDF readers are in
tests/support/reports.py.
"""

from __future__ import annotations
