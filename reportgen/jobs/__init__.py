"""Jobs: consolidation and report rendering outside the web process, state kept in the store DB.

Public API::

    queue = EmbeddedQueue(project, db_url)      # or ProcrastinateQueue(project, db_url)
    queue.start()                               # embedded only: dispatch in a thread
    job = queue.submit(JobRequest(review_ref(project, "nq11-moi-truong"), JobKind.RENDER),
                       started_by="thu-ky")    # a twin of an active job returns that job
    queue.get(job.id).status_line               # "Xuất báo cáo: đang chạy — Dựng PDF"
    queue.latest_draft(review_id).line()        # "bản dự thảo cập nhật lúc …, gồm N/M đơn vị"
    note_upload(queue, store, result, ref)      # the live draft, debounced
"""

from reportgen.jobs.book import DEFAULT_TIMEOUT_S, JobBook
from reportgen.jobs.live import (
    DEBOUNCE_S,
    live_draft_enabled,
    note_upload,
    set_live_draft,
)
from reportgen.jobs.model import DraftInfo, Job, JobKind, JobRequest, JobState
from reportgen.jobs.queue import EmbeddedQueue, JobQueue, review_ref

__all__ = [
    "DEBOUNCE_S",
    "DEFAULT_TIMEOUT_S",
    "DraftInfo",
    "EmbeddedQueue",
    "Job",
    "JobBook",
    "JobKind",
    "JobQueue",
    "JobRequest",
    "JobState",
    "live_draft_enabled",
    "note_upload",
    "review_ref",
    "set_live_draft",
]
