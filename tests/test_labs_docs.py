"""The lab docs: the generated format reference is current, and the schema matches the code."""

from __future__ import annotations

from pathlib import Path

import pytest

from iosxe_sim.labs import checks, queries, reference, schema, vocabulary
from iosxe_sim.labs.loader import builtin_labs

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_instructor_doc_reference_is_up_to_date() -> None:
    text = (DOCS / "labs-instructor.md").read_text(encoding="utf-8")
    assert reference.update(text) == text, (
        "docs/labs-instructor.md is stale: run `python -m iosxe_sim.labs.reference docs/labs-instructor.md`"
    )


def test_reference_documents_every_name() -> None:
    text = reference.render()
    for section in schema.SECTIONS:
        assert f"`{section.header}`" in text
        for field in section.fields:
            assert f"| `{field.name}` |" in text
    for names in (vocabulary.CHECK_KINDS, vocabulary.QUERIES, vocabulary.EVENTS):
        for name in names:
            assert f"`{name}`" in text


def test_update_needs_the_markers() -> None:
    with pytest.raises(ValueError):
        reference.update("# no markers here\n")


def test_schema_and_implementation_agree() -> None:
    assert set(vocabulary.QUERIES) == set(queries.QUERIES)
    assert set(vocabulary.EVENTS) == set(checks.EVENT_TYPES)
    assert set(vocabulary.CHECK_KINDS) == set(checks._KINDS)
    kind_field = next(f for f in schema.section("objective.check").fields if f.name == "kind")
    assert set(kind_field.choices) == set(vocabulary.CHECK_KINDS)


def test_student_doc_lists_every_builtin_lab() -> None:
    text = (DOCS / "labs-student.md").read_text(encoding="utf-8")
    for source in builtin_labs():
        assert f"`{source.name}`" in text
