"""Template lookup: a review's own report templates win; ``default:`` reaches the built-ins."""

from __future__ import annotations

from pathlib import Path

from reportgen.render.env import builtin_docx, docx_template, make_environment


def test_review_template_wins_and_default_prefix_reaches_the_builtin(tmp_path: Path) -> None:
    (tmp_path / "report.html").write_text('{% extends "default:report.html" %}', encoding="utf-8")
    env = make_environment(tmp_path)
    own, _, _ = env.loader.get_source(env, "report.html")  # type: ignore[union-attr]
    builtin, _, _ = env.loader.get_source(env, "default:report.html")  # type: ignore[union-attr]
    assert own == '{% extends "default:report.html" %}'
    assert builtin != own and "<html" in builtin.lower()


def test_builtin_is_used_when_the_review_has_no_template(tmp_path: Path) -> None:
    env = make_environment(tmp_path)
    source, _, _ = env.loader.get_source(env, "report.html")  # type: ignore[union-attr]
    assert "<html" in source.lower()
    assert docx_template(tmp_path, "state") == builtin_docx("state")
    (tmp_path / "report.docx").write_bytes(b"")
    assert docx_template(tmp_path, "state") == tmp_path / "report.docx"


def test_html_output_is_autoescaped() -> None:
    env = make_environment()
    assert env.from_string("{{ x }}").render(x="<b>&") == "&lt;b&gt;&amp;"
