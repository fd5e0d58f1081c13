"""Every participant's own report of a workshop, in one ZIP: one job, one download.

Each participant's PDF is the report they download themselves (the `individual_report`
job kind, registered by the assess blueprint and reached through `web.jobs`, so neither
blueprint imports the other), against the workshop's target profile. The ZIP is keyed by
its files' names and each report's own key, so it is made again exactly when one of them
would change; the reports inside come from (and go to) the report cache.
"""

from __future__ import annotations

import io
import time
import zipfile

from werkzeug.utils import secure_filename

from ...extensions import database, questionnaire_for
from ...persistence.workspaces import Workshop
from ...reporting import DEFAULT_BRANDING, RenderTimeout
from ...services.workshops import answers_by_respondent
from ..jobs import job_kind, prepared
from ..reports import PreparedReport, prepare_report, rendered
from .export import participant_label

#: Named in the ZIP beside the reports: who is in it, and who is not and why.
CONTENTS = "contents.txt"
#: A fixed time for every file in the ZIP, so the same reports make the same bytes.
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def report_filename(label: str, index: int) -> str:
    """A participant's file name in the ZIP: numbered (so no two collide) and safe on any disk."""
    return f"{index:02d}-{secure_filename(label) or 'participant'}.pdf"


def participant_reports(workshop: Workshop) -> PreparedReport:
    """The ZIP of every participant's report: who answered gets their PDF, who did not is
    listed in contents.txt."""
    questionnaire = questionnaire_for(workshop.assessment.questionnaire_version)
    files: list[tuple[str, PreparedReport]] = []
    left_out: list[str] = []
    for index, (respondent, answers) in enumerate(answers_by_respondent(database.session, workshop), start=1):
        label = participant_label(workshop, respondent, index)
        if not answers:
            left_out.append(label)
            continue
        params = {"respondent_id": respondent.id, "profile": workshop.target_profile}
        files.append((report_filename(label, index), prepared("individual_report", params)))
    contents = _contents(workshop, [name for name, _ in files], left_out)

    def render(timeout: float) -> bytes:
        """Each participant's PDF (from the cache when it is there), zipped with the contents;
        RenderTimeout once `timeout` seconds have passed in all. The reports rendered by
        then stay cached, so trying again carries on where this attempt stopped."""
        deadline = time.monotonic() + timeout
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(zipfile.ZipInfo(CONTENTS, ZIP_TIME), contents)
            for name, report in files:
                if time.monotonic() > deadline:
                    raise RenderTimeout(f"the reports took longer than {timeout:g} seconds to render")
                archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), rendered(report))
        return out.getvalue()

    shown = ["participant-reports", contents, [(name, report.key) for name, report in files]]
    return prepare_report(shown, questionnaire, DEFAULT_BRANDING, render)


def _contents(workshop: Workshop, names: list[str], left_out: list[str]) -> str:
    """The ZIP's contents.txt: the workshop, its reports, and who has none yet."""
    lines = [f"{workshop.title} - {workshop.client.name}: each participant's report", ""]
    lines += names or ["No participant has answered yet."]
    if left_out:
        lines += ["", "Not answered yet, so no report:", *left_out]
    return "\n".join(lines) + "\n"


@job_kind("participant_reports")
def participant_reports_job(params: dict) -> PreparedReport:
    """A worker's ZIP of participants' reports: the workshop reloaded by id."""
    workshop = database.session.get(Workshop, params["workshop_id"])
    if workshop is None:
        raise LookupError(f"workshop {params['workshop_id']} is gone")
    return participant_reports(workshop)
