"""Who may sign in to the portal: unit accounts with access codes, secretariat and viewer staff.

A unit account is created by ``reportgen access issue`` with a generated access code (80 random
bits, shown once, kept only as an HMAC-SHA-256 under a key stored in the database). The first
sign-in with the code asks the unit to choose a password (kept as Argon2id); from then on the
password signs in and the code no longer does. Re-issuing a code, revoking an account or
changing a password signs the account out everywhere.

Failed sign-ins are counted in the database per account name and per client address, so that
several workers see the same counts; the refusal never says which part was wrong.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reportgen.definition.model import Review
from reportgen.errors import StoreError
from reportgen.store.portal_tables import AccountRow, LoginAttemptRow, PortalSettingRow, SessionRow

__all__ = [
    "IssuedCode",
    "Principal",
    "Role",
    "SignIn",
    "Throttle",
    "generate_code",
    "normalise_code",
]

_HASHER = PasswordHasher()  # RFC 9106 low-memory profile: Argon2id, t=3, m=64 MiB, p=4
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # base32 without 0/O, 1/I: read aloud safely
MIN_PASSWORD = 10
WRONG = "Tên đăng nhập hoặc mã truy cập/mật khẩu không đúng."


class Role(StrEnum):
    """What an account may do."""

    UNIT = "unit"  # its own unit's pages only
    SECRETARIAT = "secretariat"  # everything of the review
    VIEWER = "viewer"  # board and outputs, read-only

    @property
    def label(self) -> str:
        """Vietnamese label."""
        return {"unit": "đơn vị", "secretariat": "thư ký", "viewer": "lãnh đạo (chỉ xem)"}[
            self.value
        ]


@dataclass(frozen=True, slots=True)
class Principal:
    """The signed-in account, as every web page sees it."""

    account_id: int
    name: str
    role: Role
    unit_code: str | None
    display_name: str
    must_set_password: bool = False
    # when the session ends unless used again (UTC); not part of who the principal is
    expires_at: dt.datetime | None = field(default=None, compare=False)

    @property
    def can_write(self) -> bool:
        """Viewers only read."""
        return self.role is not Role.VIEWER

    @property
    def is_staff(self) -> bool:
        """Secretariat and viewers see every unit."""
        return self.role is not Role.UNIT


@dataclass(frozen=True, slots=True)
class IssuedCode:
    """One access code, in clear text: shown once, then only its HMAC is kept."""

    unit_code: str
    unit_name: str
    account: str
    code: str


@dataclass(frozen=True, slots=True)
class SignIn:
    """The outcome of a sign-in attempt: a principal, or a Vietnamese reason."""

    principal: Principal | None
    reason: str = ""
    throttled: bool = False


@dataclass(frozen=True, slots=True)
class Throttle:
    """How many failures within ``window`` lock an account name or a client address."""

    per_account: int = 5
    per_address: int = 30
    window: dt.timedelta = dt.timedelta(minutes=15)


def generate_code() -> str:
    """``ABCD-EFGH-JKLM-NPQR``: 16 symbols of 32 = 80 random bits."""
    symbols = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    return "-".join(symbols[i : i + 4] for i in range(0, 16, 4))


def normalise_code(text: str) -> str:
    """What a person typed, without spaces/dashes, upper case (O→0 and I→1 are not in codes)."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def normalise_name(text: str) -> str:
    """Account names are matched case-insensitively."""
    return text.strip().lower()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def code_key(session: Session) -> bytes:
    """The HMAC key of access codes, created once per database (shared by every worker)."""
    row = session.get(PortalSettingRow, "code_key")
    if row is None:
        try:
            with session.begin_nested():
                session.add(PortalSettingRow(name="code_key", value=secrets.token_hex(32)))
        except IntegrityError:
            pass
        row = session.get(PortalSettingRow, "code_key")
    assert row is not None
    return bytes.fromhex(row.value)


def code_hash(key: bytes, code: str) -> str:
    """HMAC-SHA-256 of the normalised code (codes are random: no slow hash needed)."""
    return hmac.new(key, normalise_code(code).encode(), hashlib.sha256).hexdigest()


def hash_password(password: str) -> str:
    """Argon2id hash of a password people chose."""
    return _HASHER.hash(password)


def check_password(stored: str, password: str) -> bool:
    """True when ``password`` matches the Argon2id ``stored`` hash."""
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, name: str) -> str | None:
    """Why a chosen password is refused (Vietnamese), or None."""
    if len(password) < MIN_PASSWORD:
        return f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự."
    if normalise_name(password) == normalise_name(name):
        return "Mật khẩu không được trùng tên đăng nhập."
    return None


def principal_of(row: AccountRow) -> Principal:
    """The Principal of an account row."""
    return Principal(
        account_id=row.id,
        name=row.name,
        role=Role(row.role),
        unit_code=row.unit_code,
        display_name=row.display_name,
        must_set_password=row.password_hash is None,
    )


def random_password() -> str:
    """A generated staff password (about 96 bits), readable."""
    return base64.b32encode(secrets.token_bytes(12)).decode().rstrip("=").lower()


def failures(session: Session, review_id: str, column: str, value: str, since: dt.datetime) -> int:
    """Failed sign-ins of one account name or one address since ``since``."""
    col = LoginAttemptRow.name if column == "name" else LoginAttemptRow.address
    return int(
        session.scalar(
            select(func.count())
            .select_from(LoginAttemptRow)
            .where(
                LoginAttemptRow.review_id == review_id, col == value, LoginAttemptRow.at >= since
            )
        )
        or 0
    )


def end_sessions(session: Session, account_id: int) -> int:
    """Sign ``account_id`` out everywhere; returns how many sessions ended."""
    result = session.execute(delete(SessionRow).where(SessionRow.account_id == account_id))
    return int(getattr(result, "rowcount", 0) or 0)


def unit_account_name(review: Review, unit_code: str) -> str:
    """The account name of a unit: its code in lower case."""
    if unit_code not in review.unit_by_code:
        raise StoreError(f"Không có đơn vị mã '{unit_code}' trong đợt báo cáo {review.id}.")
    return normalise_name(unit_code)
