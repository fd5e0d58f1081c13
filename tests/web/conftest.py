"""The web suite's fixtures live in tests/conftest.py (journey_app) and tests/support."""
