"""The documentation covers what the code does, and says nothing the code does not.

Links and anchors resolve (on GitHub and in the mkdocs site), every page is reachable, every
definition field and every command and option is written down, examples name only real commands
and options, and the worked example of a definition really loads. Finding codes and exit codes
are checked in ``tests/test_messages.py``."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import click
from pydantic import BaseModel

from reportgen.cli import main
from reportgen.definition import load_review
from reportgen.definition import model as definition_model

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]

# Pages other helpers are writing on their own branches. The index already links to them; the
# integrator deletes each entry once the page has landed on main (the set should end up empty).
PENDING_PAGES = {
    "docs/dev/benchmarks.md",
}

_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
_FENCE = re.compile(r"^```.*?^```", re.M | re.S)


def _text(page: Path) -> str:
    """The page without its fenced code blocks (code may contain bracket-paren pairs)."""
    return _FENCE.sub("", page.read_text(encoding="utf-8"))


def _load_hooks() -> object:
    spec = importlib.util.spec_from_file_location("mkdocs_hooks", ROOT / "scripts/mkdocs_hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# One slug function for GitHub, the mkdocs site and this test (scripts/mkdocs_hooks.py).
_github_slug = _load_hooks().github_slug  # type: ignore[attr-defined]


def _slug(heading: str) -> str:
    """The anchor of a markdown heading: its text without link targets, slugified."""
    return _github_slug(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading))


def _anchors(page: Path) -> set[str]:
    seen: dict[str, int] = {}
    anchors: set[str] = set()
    for line in _text(page).splitlines():
        match = re.match(r"^#{1,6}\s+(.*)$", line)
        if match:
            slug = _slug(match.group(1))
            n = seen.get(slug, 0)
            anchors.add(slug if n == 0 else f"{slug}-{n}")
            seen[slug] = n + 1
    return anchors


def test_every_relative_link_points_to_an_existing_page_and_heading() -> None:
    broken: list[str] = []
    for page in PAGES:
        for target in _LINK.findall(_text(page)):
            if re.match(r"^[a-z]+:", target):  # http:, https:, mailto:
                continue
            path, _, anchor = target.partition("#")
            resolved = (page.parent / path).resolve() if path else page
            where = f"{page.relative_to(ROOT)} → {target}"
            rel = resolved.relative_to(ROOT).as_posix() if resolved.is_relative_to(ROOT) else ""
            if not resolved.exists():
                if rel not in PENDING_PAGES:
                    broken.append(f"{where}: no such file")
                continue
            if anchor and resolved.suffix == ".md" and anchor not in _anchors(resolved):
                broken.append(f"{where}: no heading with this anchor")
    assert not broken, "\n".join(broken)


def test_pending_pages_are_only_pages_that_do_not_exist_yet() -> None:
    """Once a page lands, its entry must leave PENDING_PAGES, so that its links are checked."""
    landed = sorted(p for p in PENDING_PAGES if (ROOT / p).exists())
    assert not landed, f"remove from PENDING_PAGES in tests/test_docs.py: {landed}"


def test_every_page_under_docs_is_reachable_from_an_index() -> None:
    linked: set[Path] = set()
    for page in PAGES:
        for target in _LINK.findall(_text(page)):
            path = target.partition("#")[0]
            if path and not re.match(r"^[a-z]+:", path):
                linked.add((page.parent / path).resolve())
    orphans = [str(p.relative_to(ROOT)) for p in DOCS.rglob("*.md") if p.resolve() not in linked]
    assert not orphans, f"pages no other page links to: {orphans}"


def _definition_models() -> list[type[BaseModel]]:
    return [
        obj
        for name in definition_model.__all__
        if isinstance(obj := getattr(definition_model, name), type) and issubclass(obj, BaseModel)
    ]


def test_every_field_of_the_definition_is_in_the_reference_tables() -> None:
    text = (DOCS / "tham-chieu.md").read_text(encoding="utf-8")
    documented = set()
    for row in re.findall(r"^\|([^|\n]*)\|", text, re.M):
        documented |= set(re.findall(r"`([a-z_]+)`", row))
    missing = sorted(
        f"{model.__name__}.{field}"
        for model in _definition_models()
        for field in model.model_fields
        # Review.units is read from units.csv, whose columns are the Unit fields.
        if field not in documented and (model.__name__, field) != ("Review", "units")
    )
    assert not missing, f"definition fields missing from docs/tham-chieu.md: {missing}"


def _subcommands(group: click.Group) -> dict[str, click.Command]:
    """A group's visible commands through click's own API (the CLI may load verbs lazily)."""
    ctx = click.Context(group)
    found = {name: group.get_command(ctx, name) for name in group.list_commands(ctx)}
    return {name: cmd for name, cmd in found.items() if cmd is not None and not cmd.hidden}


def _commands(
    group: click.Group = main, prefix: str = "reportgen"
) -> list[tuple[str, click.Command]]:
    """Every visible command as ("reportgen verb [sub]", command), subcommands of groups included."""
    found: list[tuple[str, click.Command]] = []
    for name, cmd in _subcommands(group).items():
        found.append((f"{prefix} {name}", cmd))
        if isinstance(cmd, click.Group):
            found += _commands(cmd, f"{prefix} {name}")
    return found


def _long_options(cmd: click.Command) -> set[str]:
    return {o for p in cmd.params for o in getattr(p, "opts", []) if o.startswith("--")}


def test_every_command_and_option_is_documented() -> None:
    """Each ``reportgen`` verb is named, and each of its long options appears, in the docs."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in PAGES)
    missing: list[str] = []
    commands = _commands()
    assert {"reportgen check-review", "reportgen render"} <= dict(commands).keys()  # not vacuous
    for name, cmd in commands:
        if name not in text:
            missing.append(name)
        missing += [f"{name} {opt}" for opt in sorted(_long_options(cmd)) if opt not in text]
    assert not missing, f"not documented under README.md/docs/: {missing}"


def _code_lines(page: Path) -> list[str]:
    """Every line of a fenced block, and every inline code span, of ``page``."""
    text = page.read_text(encoding="utf-8")
    lines = [line for block in _FENCE.findall(text) for line in block.splitlines()[1:-1]]
    return lines + re.findall(r"`([^`\n]+)`", _FENCE.sub("", text))


def test_every_command_line_in_the_docs_uses_real_commands_and_options() -> None:
    """The reverse of the test above: a renamed option or verb cannot linger in an example."""
    stale: list[str] = []
    verbs = _subcommands(main)
    for page in PAGES:
        for line in _code_lines(page):
            for verb, rest in re.findall(r"\breportgen ([a-z][a-z-]*)([^#|]*)", line):
                cmd: click.Command | None = verbs.get(verb)
                words = rest.split()
                while isinstance(cmd, click.Group) and words and words[0] in _subcommands(cmd):
                    cmd = _subcommands(cmd)[words.pop(0)]
                if cmd is None:
                    stale.append(f"{page.relative_to(ROOT)}: reportgen {verb}")
                    continue
                known = _long_options(cmd) | {"--help"}
                stale += [
                    f"{page.relative_to(ROOT)}: reportgen {verb} {opt}"
                    for opt in re.findall(r"(?<![\w-])--[a-z][a-z-]*", rest)
                    if opt not in known
                ]
    assert not stale, f"examples naming a command or option that does not exist: {stale}"


def _fenced(page: Path, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", page.read_text(encoding="utf-8"), re.M | re.S)


def test_the_worked_example_of_the_definition_guide_loads_as_written(tmp_path: Path) -> None:
    page = DOCS / "dinh-nghia-dot-bao-cao.md"
    (review_yaml,) = _fenced(page, "yaml")
    (units_csv,) = _fenced(page, "csv")
    (tmp_path / "review.yaml").write_text(review_yaml, encoding="utf-8")
    (tmp_path / "units.csv").write_text(units_csv, encoding="utf-8")
    review = load_review(tmp_path)
    assert review.id == "sk3-chuyen-doi-so"
    assert [u.code for u in review.units] == ["X01", "X02", "X03", "PVH"]


def test_the_readme_stays_a_short_front_page() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 170, f"README.md has {len(lines)} lines; move detail into docs/"
    text = "\n".join(lines)
    for command in ("make demo", "make test", "make serve"):
        assert command in text, f"README.md no longer names {command}"


def test_the_docs_build_into_a_static_site_without_broken_links(tmp_path: Path) -> None:
    """``mkdocs build`` (mkdocs.yml) warns on a missing page or anchor; only pending pages may."""
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-f",
            str(ROOT / "mkdocs.yml"),
            "-d",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    unexpected = []
    for line in run.stderr.splitlines():
        if not line.startswith("WARNING"):
            continue
        # The resolved target when mkdocs names one, else the nav entry or the link as written.
        named = [re.search(p, line) for p in ("the target '([^']+)'", "A reference to '([^']+)'",
                                              "a link '([^']+)'")]  # fmt: skip
        target = next((m.group(1) for m in named if m), "")
        if target == "../README.md" or f"docs/{target}" in PENDING_PAGES:
            continue  # the repository's front page is outside the site; pending pages land later
        unexpected.append(line)
    assert not unexpected, "\n".join(unexpected)
    assert (tmp_path / "index.html").exists() and (tmp_path / "tham-chieu.html").exists()
