import pytest

from summarizer.text.numbers import fatality_counts, find_counts, strike_counts


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("over 70 airstrikes", 70, "over"),
        ("more than 80 terrorists", 80, "over"),
        ("at least 12 people", 12, "at least"),
        ("three soldiers", 3, "exact"),
        ("twenty-one civilians", 21, "exact"),
        ("dozens of fighters", 12, "dozens"),
        ("hundreds of casualties", 100, "hundreds"),
        ("1,200 troops", 1200, "exact"),
    ],
)
def test_counts_and_qualifiers(text: str, value: int, qualifier: str) -> None:
    count = find_counts(text)[0]
    assert (count.value, count.qualifier) == (value, qualifier)


def test_a_number_of_is_no_number() -> None:
    assert find_counts("a number of strikes") == []


def test_fatalities_need_a_killing_word() -> None:
    assert fatality_counts("amid reports of 5 casualties") == []
    assert [c.value for c in fatality_counts("an attack that claimed 26 lives")] == [26]


def test_fatalities_ignore_vehicles_distances_and_years() -> None:
    sentence = "In 2023, 36 vehicles were destroyed 50 km away and 4 fighters were killed"
    assert [c.value for c in fatality_counts(sentence)] == [4]


def test_strike_counts() -> None:
    assert [(c.value, c.qualifier) for c in strike_counts("over 35 Russian airstrikes")] == [
        (35, "over")
    ]
    assert strike_counts("35 soldiers") == []
