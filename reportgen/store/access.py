"""The store's sign-in methods: issue and revoke access codes, staff accounts, sign-in, sessions.

Mixed into :class:`reportgen.store.Store`; every method runs in its own transaction on the
store's engine. See :mod:`reportgen.store.accounts` for the rules.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from reportgen.definition.model import Review
from reportgen.errors import StoreError
from reportgen.store.accounts import (
    WRONG,
    IssuedCode,
    Principal,
    Role,
    SignIn,
    Throttle,
    check_password,
    code_hash,
    code_key,
    end_sessions,
    failures,
    generate_code,
    hash_password,
    normalise_name,
    password_problem,
    principal_of,
    random_password,
    unit_account_name,
)
from reportgen.store.portal_tables import AccountRow, LoginAttemptRow, SessionRow

__all__ = ["AccessMixin", "SessionPolicy"]


class SessionPolicy:
    """Idle and absolute lifetimes of a session."""

    def __init__(
        self,
        idle: dt.timedelta = dt.timedelta(minutes=60),
        absolute: dt.timedelta = dt.timedelta(hours=12),
    ) -> None:
        self.idle = idle
        self.absolute = absolute


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AccessMixin:
    """Accounts, sign-in and sessions of one review (mixed into Store)."""

    engine: Engine
    review: Review

    def _account(self, session: Session, name: str) -> AccountRow | None:
        return session.scalars(
            select(AccountRow).where(
                AccountRow.review_id == self.review.id, AccountRow.name == normalise_name(name)
            )
        ).first()

    # -- the secretariat's commands ----------------------------------------------------------

    def issue_codes(self, unit_codes: Sequence[str] | None = None) -> list[IssuedCode]:
        """Create or rotate the access code of each unit (all when none named).

        A rotated unit must choose its password again and is signed out everywhere.
        """
        codes = list(unit_codes) if unit_codes else [u.code for u in self.review.units]
        names = [unit_account_name(self.review, c) for c in codes]  # raises on an unknown code
        issued: list[IssuedCode] = []
        now = _now()
        with Session(self.engine) as session, session.begin():
            key = code_key(session)
            for unit_code, name in zip(codes, names, strict=True):
                unit = self.review.unit_by_code[unit_code]
                code = generate_code()
                row = self._account(session, name)
                if row is None:
                    row = AccountRow(
                        review_id=self.review.id,
                        name=name,
                        role=Role.UNIT.value,
                        unit_code=unit_code,
                        display_name=unit.name,
                        created_at=now,
                    )
                    session.add(row)
                elif row.role != Role.UNIT.value:
                    raise StoreError(f"Tài khoản '{name}' là tài khoản cán bộ, không phải đơn vị.")
                else:
                    session.flush()
                    end_sessions(session, row.id)
                row.code_hash = code_hash(key, code)
                row.password_hash = None
                row.active = True
                row.changed_at = now
                issued.append(IssuedCode(unit_code, unit.name, name, code))
        return issued

    def revoke_unit(self, unit_code: str) -> int:
        """Disable every account of ``unit_code`` and end their sessions at once; returns how many."""
        unit_account_name(self.review, unit_code)
        with Session(self.engine) as session, session.begin():
            rows = session.scalars(
                select(AccountRow).where(
                    AccountRow.review_id == self.review.id, AccountRow.unit_code == unit_code
                )
            ).all()
            for row in rows:
                row.active = False
                row.code_hash = None
                row.changed_at = _now()
                end_sessions(session, row.id)
            return len(rows)

    def add_staff(
        self,
        name: str,
        role: Role,
        *,
        password: str | None = None,
        display_name: str = "",
        unit_code: str | None = None,
    ) -> tuple[Principal, str]:
        """Create (or reset) a staff account; returns it and its password (generated if none)."""
        name = normalise_name(name)
        if not name or not name.replace("-", "").replace(".", "").replace("_", "").isalnum():
            raise StoreError("Tên đăng nhập chỉ gồm chữ, số, dấu chấm, gạch ngang hoặc gạch dưới.")
        if role is Role.UNIT:
            if unit_code is None:
                raise StoreError("Tài khoản đơn vị cần --unit MÃ.")
            unit_account_name(self.review, unit_code)
        else:
            unit_code = None
        password = password or random_password()
        problem = password_problem(password, name)
        if problem:
            raise StoreError(problem)
        now = _now()
        with Session(self.engine) as session, session.begin():
            row = self._account(session, name)
            if row is None:
                row = AccountRow(review_id=self.review.id, name=name, created_at=now)
                session.add(row)
            else:
                session.flush()
                end_sessions(session, row.id)
            row.role = role.value
            row.unit_code = unit_code
            row.display_name = display_name or name
            row.code_hash = None
            row.password_hash = hash_password(password)
            row.active = True
            row.changed_at = now
            session.flush()
            return principal_of(row), password

    def accounts(self) -> list[Principal]:
        """Every active account of the review."""
        with Session(self.engine) as session, session.begin():
            rows = session.scalars(
                select(AccountRow)
                .where(AccountRow.review_id == self.review.id, AccountRow.active)
                .order_by(AccountRow.name)
            )
            return [principal_of(r) for r in rows]

    # -- sign-in -----------------------------------------------------------------------------

    def sign_in(
        self, name: str, secret: str, *, address: str = "", throttle: Throttle | None = None
    ) -> SignIn:
        """Check a name and a code or password, throttled per name and per address."""
        throttle = throttle or Throttle()
        name = normalise_name(name)[:100]
        address = address[:100]
        now = _now()
        since = now - throttle.window
        minutes = int(throttle.window.total_seconds() // 60)
        with Session(self.engine) as session, session.begin():
            if (
                failures(session, self.review.id, "name", name, since) >= throttle.per_account
                or failures(session, self.review.id, "address", address, since)
                >= throttle.per_address
            ):
                return SignIn(
                    None,
                    f"Đăng nhập sai quá nhiều lần. Hãy thử lại sau {minutes} phút "
                    "hoặc liên hệ thư ký.",
                    throttled=True,
                )
            row = self._account(session, name)
            ok = False
            if row is not None and row.active:
                if row.password_hash:
                    ok = check_password(row.password_hash, secret)
                elif row.code_hash:
                    ok = secrets.compare_digest(row.code_hash, code_hash(code_key(session), secret))
            if not ok or row is None:
                session.add(
                    LoginAttemptRow(review_id=self.review.id, name=name, address=address, at=now)
                )
                return SignIn(None, WRONG)
            return SignIn(principal_of(row))

    def set_password(self, account_id: int, password: str) -> Principal:
        """Set an account's own password; ends its other sessions (the caller opens a new one)."""
        with Session(self.engine) as session, session.begin():
            row = session.get(AccountRow, account_id)
            if row is None or not row.active:
                raise StoreError("Tài khoản không còn hiệu lực.")
            problem = password_problem(password, row.name)
            if problem:
                raise StoreError(problem)
            row.password_hash = hash_password(password)
            row.code_hash = None  # the code has done its job
            row.changed_at = _now()
            end_sessions(session, row.id)
            session.flush()
            return principal_of(row)

    # -- sessions ----------------------------------------------------------------------------

    def open_session(self, principal: Principal, *, address: str = "") -> str:
        """A new session of ``principal``; returns the token for the cookie (never stored)."""
        token = secrets.token_urlsafe(32)
        now = _now()
        with Session(self.engine) as session, session.begin():
            session.add(
                SessionRow(
                    token_hash=_token_hash(token),
                    account_id=principal.account_id,
                    created_at=now,
                    seen_at=now,
                    address=address[:100],
                )
            )
        return token

    def principal_for(self, token: str, policy: SessionPolicy | None = None) -> Principal | None:
        """The principal of a live session, refreshing its idle clock; None if gone or expired."""
        if not token or len(token) > 100:
            return None
        policy = policy or SessionPolicy()
        now = _now()
        with Session(self.engine) as session, session.begin():
            row = session.get(SessionRow, _token_hash(token))
            if row is None:
                return None
            if now - row.seen_at > policy.idle or now - row.created_at > policy.absolute:
                session.delete(row)
                return None
            account = session.get(AccountRow, row.account_id)
            if account is None or not account.active or account.review_id != self.review.id:
                session.delete(row)
                return None
            if now - row.seen_at > dt.timedelta(seconds=30):  # fewer writes on busy pages
                row.seen_at = now
            ends = min(row.seen_at + policy.idle, row.created_at + policy.absolute)
            return dataclasses.replace(principal_of(account), expires_at=ends)

    def close_session(self, token: str) -> None:
        """Sign one browser out."""
        with Session(self.engine) as session, session.begin():
            row = session.get(SessionRow, _token_hash(token))
            if row is not None:
                session.delete(row)
