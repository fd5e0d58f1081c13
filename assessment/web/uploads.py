"""Request size limits: small for forms and autosaves, larger for the upload pages.

CSRFProtect reads the form in a `before_request` hook, so a limit raised inside a view
comes too late: the form has already been parsed under the app-wide MAX_CONTENT_LENGTH.
This hook is registered before CSRFProtect's and raises the limit for the upload
endpoints first. Each allows twice its file limit, so a file a little too large gets the
form's own message ("the limit is ...") rather than a 413. An evidence item may carry
several files, so its limit is what one submission's files may come to together
(MAX_SUBMISSION_BYTES): the whole request is read into memory, and the page is public.
"""

from __future__ import annotations

from flask import Flask, request

from ..reporting.branding import MAX_LOGO_BYTES
from ..scoring.register import MAX_BYTES as MAX_REGISTER_BYTES
from ..services.evidence_files import MAX_SUBMISSION_BYTES
from ..services.peers import MAX_COHORT_BYTES

#: The largest file each upload endpoint accepts, as its form says.
FILE_LIMITS = {
    "workspaces.cohorts": MAX_COHORT_BYTES,
    "workspaces.branding": MAX_LOGO_BYTES,
    "assess.evidence": MAX_SUBMISSION_BYTES,
    "assess.import_register": MAX_REGISTER_BYTES,
    "workshops.workshop_import_register": MAX_REGISTER_BYTES,
}


def file_limit() -> int | None:
    """The file size limit of the current endpoint when it takes uploads, else None."""
    return FILE_LIMITS.get(request.endpoint or "")


def raise_upload_limit() -> None:
    """Let the upload endpoints read bodies up to twice their file limit."""
    limit = file_limit()
    if limit is not None:
        request.max_content_length = 2 * limit


def init_app(app: Flask) -> None:
    """Register the hook; call before CSRFProtect.init_app so it runs first."""
    app.before_request(raise_upload_limit)
