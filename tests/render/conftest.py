"""Deterministic Datasets for the Hanoi review (Party style) and a State-style twin."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.consolidate.model import Dataset
from reportgen.definition import Review
from reportgen.demo.synthetic import synthetic_dataset
from reportgen.render.context import build_context
from reportgen.render.docx import render_docx
from reportgen.render.model import ReportContext
from tests.render.pdf_cases import state_twin


@pytest.fixture(scope="session")
def review(hanoi: Review) -> Review:
    return hanoi


@pytest.fixture(scope="session")
def state_review(review: Review) -> Review:
    """The same review issued by the city People's Committee (NĐ 30 format)."""
    return state_twin(review)


@pytest.fixture(scope="session")
def dataset(review: Review) -> Dataset:
    return synthetic_dataset(review)


@pytest.fixture(scope="session")
def state_dataset(state_review: Review) -> Dataset:
    return synthetic_dataset(state_review)


@pytest.fixture(scope="session")
def context(dataset: Dataset) -> ReportContext:
    return build_context(dataset, number="123")


@pytest.fixture(scope="session")
def party_docx(tmp_path_factory: pytest.TempPathFactory, context: ReportContext) -> Path:
    return render_docx(context, tmp_path_factory.mktemp("party") / "bao-cao.docx")


@pytest.fixture(scope="session")
def state_docx(tmp_path_factory: pytest.TempPathFactory, state_dataset: Dataset) -> Path:
    ctx = build_context(state_dataset, number="45", draft=True)
    return render_docx(ctx, tmp_path_factory.mktemp("state") / "bao-cao.docx")
