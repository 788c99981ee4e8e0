"""A seeded generator of random *valid* review definitions, for round-trip tests.

Texts mix Vietnamese letters with the characters that break naive writers: quotes, colons,
hashes, brackets, commas, a leading ``=`` or ``@`` (formula injection), line breaks in
guidance. Numbers keep at most 15 significant digits, which is what a spreadsheet stores.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from reportgen.definition import Review

_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĐÂ"
_ODD = ",:#'\"[]{}()%&*!?/\\|<>~`"
_CODE = "abcdefghijklmnopqrstuvwxyz0123456789"


def _slots(text: str) -> str:
    """A text that is filled in with str.format later: its literal braces doubled."""
    return text.replace("{", "{{").replace("}", "}}")


class _Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used: set[str] = set()

    def text(self, words: int = 4, *, lines: bool = False, lead: bool = True) -> str:
        rng = self.rng
        out = []
        for _ in range(rng.randint(1, words)):
            word = "".join(rng.choice(_LETTERS) for _ in range(rng.randint(1, 7)))
            if rng.random() < 0.2:
                word += rng.choice(_ODD)
            out.append(word)
        text = " ".join(out)
        if lead and rng.random() < 0.1:
            text = rng.choice("=+-@") + text
        if lines and rng.random() < 0.3:
            text += "\n" + self.text(3, lead=False)
        return text.strip()

    def code(self, prefix: str = "") -> str:
        while True:
            code = prefix + "".join(self.rng.choice(_CODE) for _ in range(self.rng.randint(1, 6)))
            if code not in self.used:
                self.used.add(code)
                return code

    def number(self) -> float:
        return round(self.rng.uniform(-500, 500), self.rng.choice((0, 1, 2, 3)))

    def date(self) -> dt.date:
        return dt.date(2020, 1, 1) + dt.timedelta(days=self.rng.randint(0, 2000))

    def maybe(self, value: Any, p: float = 0.5) -> Any:
        return value if self.rng.random() < p else None


def random_review(seed: int) -> Review:
    """A valid review, different for each ``seed`` and the same for the same seed."""
    g = _Gen(seed)
    rng = g.rng
    kinds = {g.code("k"): g.text(2) for _ in range(rng.randint(1, 3))}
    units: list[dict[str, Any]] = []
    for _ in range(rng.randint(1, 6)):
        parent = rng.choice([u["code"] for u in units]) if units and rng.random() < 0.3 else None
        units.append(
            {
                "code": g.code(rng.choice(("", "0", "U"))),
                "name": g.text(5),
                "kind": rng.choice(list(kinds)),
                "parent": parent,
                "contact": g.maybe(g.text(3), 0.3),
                "deadline": g.maybe(g.date(), 0.3),
            }
        )
    areas = [{"code": g.code("a-"), "title": g.text(6)} for _ in range(rng.randint(1, 3))]
    first_year = rng.randint(2015, 2024)
    period = {"first_year": first_year, "last_year": first_year + rng.randint(0, 4)}
    indicators = _indicators(g, areas, list(kinds), period["last_year"])
    numeric = [i["code"] for i in indicators if i["type"] in ("integer", "decimal", "percent")]
    rules = []
    if len(numeric) >= 2:
        for _ in range(rng.randint(0, 2)):
            left, right = rng.sample(numeric, 2)
            rules.append(
                {
                    "code": g.code("R"),
                    "left": left,
                    "op": rng.choice(["<=", "<", ">=", ">", "=="]),
                    "right": right,
                    "message": _slots(g.text(6)) + " ({left} > {right})",
                    "message_en": _slots(g.maybe(g.text(4)) or ""),
                    "severity": rng.choice(["error", "warning"]),
                }
            )
    sections = [
        {
            "code": g.code("s-"),
            "number": rng.choice(["I", "II", "1", "2.1", "III.2"]),
            "title": g.text(6),
            "guidance": g.maybe(g.text(8, lines=True)) or "",
            "required": rng.random() < 0.7,
            "max_length": rng.randint(100, 32000),
            "area": g.maybe(rng.choice(areas)["code"], 0.4),
        }
        for _ in range(rng.randint(0, 3))
    ]
    lists = [_list(g) for _ in range(rng.randint(0, 2))]
    data = {
        "id": g.code("r-"),
        "version": rng.choice(["1", "2024.1", "2.10", "0001"]),
        "title": g.text(8),
        "kind": rng.choice(["so_ket", "tong_ket", "dinh_ky"]),
        "subject": {
            "kind": g.text(2),
            "number": g.text(1),
            "date": g.date(),
            "issuer": g.text(4),
            "title": g.text(8),
        },
        "period": period,
        "basis": g.maybe(g.text(10)),
        "cutoff_date": g.date(),
        "deadline": g.date(),
        "report_due": g.date(),
        "issuer": {
            "name": g.text(4),
            "superior": g.maybe(g.text(3)),
            "place": g.text(2),
            "style": rng.choice(["party", "state"]),
            "number_pattern": "{number}/" + _slots(g.text(1)),
            "signer": {
                "authority": g.maybe(g.text(3)) or "",
                "position": g.text(2),
                "name": g.text(3),
            },
            "recipients": [g.text(5) for _ in range(rng.randint(0, 4))],
        },
        "contact": {"name": g.text(4), "phone": g.maybe("024 3825 3536") or "", "email": ""},
        "protection_password": g.maybe(g.code()),
        "max_year_change_factor": rng.choice([10.0, 2.5, 100.0]),
        "unit_kinds": kinds,
        "areas": areas,
        "indicators": indicators,
        "rules": rules,
        "sections": sections,
        "lists": lists,
        "units": units,
    }
    return Review.model_validate(data)


def _indicators(
    g: _Gen, areas: list[dict[str, Any]], kinds: list[str], last_year: int
) -> list[dict[str, Any]]:
    rng = g.rng
    out: list[dict[str, Any]] = []
    for n, area in enumerate(areas):
        for m in range(rng.randint(1, 4)):
            typ = rng.choice(["integer", "decimal", "percent", "yes_no", "choice", "text", "ratio"])
            # The first indicator applies to every kind, so no kind is left without indicators.
            subset = (
                []
                if n == m == 0 or rng.random() < 0.5
                else rng.sample(kinds, rng.randint(1, len(kinds)))
            )
            ind: dict[str, Any] = {
                "code": g.code("I"),
                "area": area["code"],
                "name": g.text(6),
                "unit": g.maybe(rng.choice(["%", "hộ", "tấn/ngày", "m³"])) or "",
                "type": typ,
                "years": "last" if rng.random() < 0.2 else "all",
                "kinds": subset,
                "required": rng.random() < 0.7,
                "guidance": g.maybe(g.text(10, lines=True)) or "",
            }
            if typ in ("integer", "decimal", "percent"):
                lo = g.maybe(0.0 if typ != "decimal" else g.number())
                hi = g.maybe(
                    round((lo or 0) + abs(g.number()) + 1, 3) if typ != "percent" else 100.0
                )
                ind.update(min=lo, max=hi, jump_factor=g.maybe(rng.choice([1.5, 3.0, 20.0]), 0.3))
                ind["aggregate"] = rng.choice(
                    ["mean", "min", "max", "none"] + (["sum"] if typ != "percent" else [])
                )
                if rng.random() < 0.4:
                    # Percents are bounded by 0 and 100 even when min and max are blank.
                    free = (0.0, 100.0) if typ == "percent" else (-1000.0, 1000.0)
                    low = lo if lo is not None else free[0]
                    high = hi if hi is not None else free[1]
                    value = round(rng.uniform(low, high), 1)
                    value = min(max(value, low), high)
                    ind["target"] = {
                        "value": value,
                        "year": last_year + rng.randint(0, 8),
                        "better": rng.choice(["higher", "lower"]),
                        "example": rng.random() < 0.3,
                    }
            elif typ == "ratio":
                ind.update(years="all", kinds=[])
                parts = [_part(g, area["code"]) for _ in range(2)]
                out.extend(parts)
                ind.update(numerator=parts[0]["code"], denominator=parts[1]["code"])
                ind["aggregate"] = rng.choice(["ratio_of_sums", "mean", "none"])
            elif typ == "yes_no":
                ind["aggregate"] = rng.choice(["count_yes", "none"])
            elif typ == "choice":
                ind.update(
                    aggregate="none",
                    choices=[g.text(3).replace(";", "") or "x" for _ in range(rng.randint(1, 4))],
                )
            else:
                ind.update(aggregate="none", max_length=g.maybe(rng.randint(1, 2000)))
            out.append(ind)
    return out


def _part(g: _Gen, area: str) -> dict[str, Any]:
    return {
        "code": g.code("P"),
        "area": area,
        "name": g.text(4),
        "type": g.rng.choice(["integer", "decimal"]),
        "min": 0.0,
    }


def _list(g: _Gen) -> dict[str, Any]:
    rng = g.rng
    columns = []
    for _ in range(rng.randint(1, 4)):
        typ = rng.choice(["text", "date", "integer", "decimal", "choice"])
        col: dict[str, Any] = {
            "code": g.code("c-"),
            "title": g.text(3),
            "type": typ,
            "required": rng.random() < 0.5,
            "width": g.maybe(float(rng.randint(5, 60))),
        }
        if typ == "choice":
            col["choices"] = [g.text(2).replace(";", "") or "y" for _ in range(rng.randint(1, 3))]
        if typ == "text":
            col["max_length"] = g.maybe(rng.randint(1, 500))
        columns.append(col)
    return {
        "code": g.code("l-"),
        "title": g.text(5),
        "sheet": g.maybe(g.text(2)[:31].strip() or None),
        "guidance": g.maybe(g.text(6, lines=True)) or "",
        "required": rng.random() < 0.3,
        "max_rows": rng.randint(1, 1000),
        "columns": columns,
        "unique": rng.sample([c["code"] for c in columns], rng.randint(0, len(columns))),
    }
