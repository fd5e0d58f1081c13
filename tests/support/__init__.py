"""What tests share, so that no test module imports another.

- `machine`: the system tools and fonts some tests need (skip locally, fail under CI=true);
- `journeys`: a respondent's and a consultant's steps through the test client;
- `reports`: report inputs (hostile text, full answers, peer files) and PDF readers;
- `tagged`: a tagged PDF's structure tree and the text each element marks, painted or not;
- `http`: the app under a real gunicorn and a respondent speaking HTTP to it;
- `browser`: accessibility checks and sign-up in a real browser;
- `answering`: the self-assessment in a real browser (starting it, keyboard focus, autosaves);
- `stack`: the whole set on one machine (PostgreSQL, Redis, two app servers, a worker).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
