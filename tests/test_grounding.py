from summarizer.pipeline.ground import align

TEXT = "Officials said \u201cthe strike hit  the depot\u201d on Monday.\nNo one was hurt."


def test_exact_quote_keeps_its_offsets() -> None:
    found = align("No one was hurt", TEXT)
    assert found is not None and found.match == "exact"
    assert TEXT[found.start : found.end] == "No one was hurt"


def test_quote_with_straight_quotes_and_single_spaces_is_normalized() -> None:
    found = align('"the strike hit the depot"', TEXT)
    assert found is not None and found.match == "normalized"
    assert TEXT[found.start : found.end] == found.quote == "the strike hit  the depot"


def test_near_quote_is_aligned_fuzzily_to_the_article_text() -> None:
    found = align("Officials said the strike hit the depots on Monday", TEXT)
    assert found is not None and found.match == "fuzzy"
    assert TEXT[found.start : found.end] == found.quote
    assert "strike hit" in found.quote


def test_invented_quote_is_not_aligned() -> None:
    assert align("rebels captured the airport after heavy fighting", TEXT) is None


def test_too_short_quote_is_not_aligned() -> None:
    assert align("a", TEXT) is None
