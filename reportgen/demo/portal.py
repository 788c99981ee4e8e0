"""Demo accounts for the portal (``make serve``): one secretariat and two units.

The first unit is one the demo scenario leaves without a file, so a new user can send its
first workbook; the second has already sent one (its history and warnings are there).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.definition import Review
from reportgen.demo.scenario import plan_demo
from reportgen.store import Role, Store

__all__ = ["DemoAccount", "demo_accounts"]


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """A demo account: who it is, the name to type, and its password or access code."""

    role: Role
    name: str
    secret: str
    unit_name: str = ""


def demo_accounts(store: Store, review: Review) -> list[DemoAccount]:
    """Create (or reset) the demo accounts and return their names and secrets."""
    plan = plan_demo(review)
    missing = plan.missing[0] if plan.missing else review.units[0]
    sent = next(p.unit for p in plan.files if p.unit.code != missing.code and not p.mistakes)
    staff, password = store.add_staff("thuky", Role.SECRETARIAT, display_name="Thư ký tổng hợp")
    accounts = [DemoAccount(Role.SECRETARIAT, staff.name, password)]
    for issued in store.issue_codes([missing.code, sent.code]):
        accounts.append(DemoAccount(Role.UNIT, issued.account, issued.code, issued.unit_name))
    return accounts
