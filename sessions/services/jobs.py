"""The programme's jobs that people wait for (exports, timetable proposals, the release
messages an organiser sent), handed to the workers again after an outage of the job queue
(``config.core.jobs``)."""

from sessions.services.exports import exports_redispatch
from sessions.services.notifications import notifications_redispatch
from sessions.services.timetabling import proposals_redispatch


def jobs_redispatch():
    """Queue again every pending export, proposal and release message never handed over, or
    handed over long ago; how many were sent and how many still wait, of each."""
    return {
        "exports": exports_redispatch(),
        "proposals": proposals_redispatch(),
        "messages": notifications_redispatch(),
    }
