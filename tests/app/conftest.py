"""Fixtures of the app tests: a real QApplication (pytest-qt, under Xvfb via pytest-xvfb)
and a document holding a design with a natural stack and one glow."""

from __future__ import annotations

import pytest

pytest.importorskip("PyQt6")

from fusionsmile.app.document import DesignDocument
from fusionsmile.core.design import Design
from fusionsmile.core.starter import starter_design


@pytest.fixture
def design() -> Design:
    return starter_design("joy", fusion=0.6)


@pytest.fixture
def document(qtbot, design: Design) -> DesignDocument:
    document = DesignDocument()
    document.open(design, None)
    return document
