"""The portal's store side: access codes, sign-in throttling, sessions, audit, justifications.

Runs on SQLite and on a throw-away PostgreSQL (the ``store`` fixture), with real workbooks.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from reportgen.definition import Review
from reportgen.demo.samples import write_sample
from reportgen.errors import StoreError
from reportgen.findings import Severity
from reportgen.intake.check import check_file
from reportgen.store import Role, Store, finding_keys
from reportgen.store.access import SessionPolicy
from reportgen.store.accounts import Throttle, normalise_code
from reportgen.store.portal_tables import AccountRow, SessionRow


def _send(
    review: Review, store: Store, unit: str, seed: int, mistakes: tuple[str, ...] = ()
) -> int:
    buf = io.BytesIO()
    write_sample(review, review.unit_by_code[unit], buf, seed=seed, mistakes=mistakes)
    data = buf.getvalue()
    on_time = dt.datetime.combine(review.deadline, dt.time(9, seed))
    result = store.submit(
        check_file(review, Path(f"{unit}.xlsx"), data=data), data, received_at=on_time
    )
    return result.submission_id


def test_access_code_signs_in_once_then_password(store: Store) -> None:
    [issued] = store.issue_codes(["001"])
    assert issued.account == "001" and len(normalise_code(issued.code)) == 16
    with Session(store.engine) as s:
        stored = s.query(AccountRow).one()
        assert issued.code not in (stored.code_hash or "") and stored.password_hash is None
    first = store.sign_in("001", issued.code.lower().replace("-", " "), address="10.0.0.1")
    assert first.principal is not None and first.principal.must_set_password
    assert first.principal.role is Role.UNIT and first.principal.unit_code == "001"
    token = store.open_session(first.principal)
    assert store.principal_for(token) == first.principal
    store.set_password(first.principal.account_id, "mat-khau-rat-dai")
    assert store.principal_for(token) is None  # changing the password signs out everywhere
    assert store.sign_in("001", issued.code).principal is None  # the code has done its job
    again = store.sign_in("001", "mat-khau-rat-dai").principal
    assert again is not None and not again.must_set_password


def test_revoke_and_rotate_take_effect_at_once(store: Store) -> None:
    [issued] = store.issue_codes(["002"])
    principal = store.sign_in("002", issued.code).principal
    assert principal is not None
    token = store.open_session(principal)
    [rotated] = store.issue_codes(["002"])
    assert store.principal_for(token) is None
    assert store.sign_in("002", issued.code).principal is None
    principal = store.sign_in("002", rotated.code).principal
    assert principal is not None
    token = store.open_session(principal)
    assert store.revoke_unit("002") == 1
    assert store.principal_for(token) is None
    assert store.sign_in("002", rotated.code).principal is None
    with pytest.raises(StoreError, match="XYZ"):
        store.issue_codes(["XYZ"])


def test_failed_sign_ins_are_throttled_per_account_and_per_address(store: Store) -> None:
    [issued] = store.issue_codes(["003"])
    throttle = Throttle(per_account=3, per_address=5)
    wrong = [store.sign_in("003", "sai", address="a", throttle=throttle) for _ in range(3)]
    assert {w.reason for w in wrong} == {"Tên đăng nhập hoặc mã truy cập/mật khẩu không đúng."}
    locked = store.sign_in("003", issued.code, address="b", throttle=throttle)
    assert locked.principal is None and locked.throttled  # even the right code, for a while
    # per address: spraying over many account names from one address
    for n in range(5):
        store.sign_in(f"khong-co-{n}", "sai", address="c", throttle=throttle)
    [other] = store.issue_codes(["004"])
    assert store.sign_in("004", other.code, address="c", throttle=throttle).throttled
    assert store.sign_in("004", other.code, address="d", throttle=throttle).principal is not None


def test_sessions_expire_when_idle_or_too_old(store: Store) -> None:
    principal, password = store.add_staff("thuky", Role.SECRETARIAT)
    assert store.sign_in("THUKY", password).principal == principal
    token = store.open_session(principal)
    old = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    with Session(store.engine) as s, s.begin():
        s.execute(update(SessionRow).values(seen_at=old))
    assert store.principal_for(token, SessionPolicy(idle=dt.timedelta(hours=1))) is None
    token = store.open_session(principal)
    with Session(store.engine) as s, s.begin():
        s.execute(update(SessionRow).values(seen_at=old))
    assert store.principal_for(token, SessionPolicy(idle=dt.timedelta(hours=3))) == principal
    # that visit restarted the idle clock
    assert store.principal_for(token, SessionPolicy(idle=dt.timedelta(minutes=5))) == principal
    token = store.open_session(principal)
    with Session(store.engine) as s, s.begin():
        s.execute(update(SessionRow).values(created_at=old))
    assert store.principal_for(token, SessionPolicy(absolute=dt.timedelta(hours=1))) is None
    store.close_session("khong-co")  # unknown token: nothing happens
    assert store.principal_for("x" * 500) is None


def test_audit_log_appends_and_reads_newest_first(store: Store) -> None:
    store.audit("001", "login-ok", unit_code="001", address="10.0.0.9")
    store.audit(
        "001", "file-uploaded", unit_code="001", object_id=7, sha256="ab" * 32, outcome="rejected"
    )
    store.audit("thuky", "codes-issued", units="001, 002")
    log = store.audit_log()
    assert [e.action for e in log] == ["codes-issued", "file-uploaded", "login-ok"]
    assert log[1].object_id == "7" and log[1].label == "gửi tệp"
    assert [e.action for e in store.audit_log(unit_code="001", limit=1)] == ["file-uploaded"]
    with pytest.raises(ValueError):
        store.audit("x", "no-such-action")


def test_justifications_keep_history_and_follow_the_counting_version(
    store: Store, hanoi: Review
) -> None:
    first = _send(hanoi, store, "001", 1, ("decimal-comma-text",))
    pairs = store.warnings_to_justify(hanoi, "001")
    assert [(f.code, f.location.cell) for f, j in pairs] == [("number-from-text", "K18")]
    key = finding_keys(store.submission(first).findings)[0]
    store.justify(hanoi, first, key, "Số liệu <script>alert(1)</script> đúng", author="001")
    latest = store.justify(hanoi, first, key, '  =HYPERLINK("x")  \r\n dòng 2 ', author="001")
    assert latest.text == '=HYPERLINK("x")  \n dòng 2' and latest.version == 1
    assert latest.location.cell == "K18" and latest.code == "number-from-text"
    assert [j.text for j in store.justifications(hanoi)] == [latest.text]
    assert len(store.justification_history(first)) == 2
    assert store.warnings_to_justify(hanoi, "001")[0][1] == store.justifications(hanoi, "001")[0]
    with pytest.raises(StoreError):  # another unit's submission
        store.justify(hanoi, first, key, "x", author="002", unit_code="002")
    with pytest.raises(StoreError):  # not a warning of this submission
        store.justify(hanoi, first, "not-a-number|{}", "x", author="001")
    with pytest.raises(StoreError):
        store.justify(hanoi, first, key, "   ", author="001")
    # A rejected second version does not count: the first's justification stays.
    second = _send(hanoi, store, "001", 2, ("text-in-number",))
    assert store.submission(second).findings[0].severity is Severity.ERROR
    assert [j.submission_id for j in store.justifications(hanoi)] == [first]
    # A clean third version counts and has nothing to justify.
    _send(hanoi, store, "001", 3)
    assert store.justifications(hanoi) == [] and store.warnings_to_justify(hanoi, "001") == []


def test_upload_notes_record_the_channel(store: Store, hanoi: Review) -> None:
    sid = _send(hanoi, store, "005", 1)
    store.record_upload(sid, "thuky", channel="eoffice", note="Công văn số 12/UBND")
    store.record_upload(sid, "005")  # the same bytes again: the first sender stays
    note = store.upload_notes([sid])[sid]
    assert (note.account, note.channel_label, note.note) == (
        "thuky",
        "E-Office",
        "Công văn số 12/UBND",
    )
