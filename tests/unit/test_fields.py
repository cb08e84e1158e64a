"""Field rules of docs/api.md section 2: title, description, priority, tags."""

from __future__ import annotations

import pytest

from domain.fields import (
    Priority,
    normalize_description,
    normalize_tags,
    normalize_title,
    parse_priority,
)


def test_title_is_trimmed() -> None:
    assert normalize_title("  Water the plants \n") == "Water the plants"


@pytest.mark.parametrize("title", ["", "   ", "\t\n"])
def test_blank_title_is_rejected(title: str) -> None:
    with pytest.raises(ValueError, match="empty"):
        normalize_title(title)


def test_title_of_200_characters_after_trimming_is_accepted() -> None:
    assert normalize_title(" " + "x" * 200 + " ") == "x" * 200


def test_title_over_200_characters_is_rejected() -> None:
    with pytest.raises(ValueError, match="200"):
        normalize_title("x" * 201)


@pytest.mark.parametrize("title", ["bad\x00title", "bell\x07", "new\nline", "esc\x1b[31m"])
def test_title_with_control_characters_is_rejected(title: str) -> None:
    with pytest.raises(ValueError, match="control"):
        normalize_title(title)


def test_description_of_2000_characters_is_accepted() -> None:
    assert normalize_description("d" * 2000) == "d" * 2000


def test_description_over_2000_characters_is_rejected() -> None:
    with pytest.raises(ValueError, match="2000"):
        normalize_description("d" * 2001)


def test_description_none_or_blank_means_no_description() -> None:
    assert normalize_description(None) is None
    assert normalize_description("  ") is None


def test_description_keeps_line_breaks_but_not_other_control_characters() -> None:
    assert normalize_description("line 1\nline 2\tend") == "line 1\nline 2\tend"
    with pytest.raises(ValueError, match="control"):
        normalize_description("nul\x00")


@pytest.mark.parametrize(
    ("raw", "expected"), [("High", "high"), ("LOW", "low"), ("medium", "medium")]
)
def test_priority_input_is_case_insensitive_and_stored_lower_case(raw: str, expected: str) -> None:
    assert parse_priority(raw).value == expected


@pytest.mark.parametrize(("raw", "label"), [("high", "High"), ("MEDIUM", "Medium"), ("Low", "Low")])
def test_priority_is_written_back_in_the_original_backends_spelling(raw: str, label: str) -> None:
    assert parse_priority(raw).label == label


def test_unknown_priority_is_rejected() -> None:
    with pytest.raises(ValueError, match="must be High, Medium or Low"):
        parse_priority("urgent")


def test_priority_ranks_high_above_medium_above_low() -> None:
    ranked = sorted(Priority, key=lambda p: p.rank, reverse=True)
    assert ranked == [Priority.HIGH, Priority.MEDIUM, Priority.LOW]


def test_tags_are_trimmed_and_deduplicated_case_insensitively_keeping_first_spelling() -> None:
    assert normalize_tags([" Home ", "work", "home", "WORK", "x"]) == ["Home", "work", "x"]


def test_at_most_ten_tags() -> None:
    assert len(normalize_tags([f"t{i}" for i in range(10)])) == 10
    with pytest.raises(ValueError, match="10"):
        normalize_tags([f"t{i}" for i in range(11)])


def test_duplicates_do_not_count_towards_the_tag_limit() -> None:
    assert len(normalize_tags([f"t{i}" for i in range(10)] + ["T0", "t1"])) == 10


@pytest.mark.parametrize("tag", ["", "  ", "x" * 51])
def test_tag_length_is_1_to_50_after_trimming(tag: str) -> None:
    with pytest.raises(ValueError, match="tag"):
        normalize_tags([tag])


def test_tag_of_50_characters_is_accepted() -> None:
    assert normalize_tags(["x" * 50]) == ["x" * 50]
