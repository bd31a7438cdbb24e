"""A document holds exactly the lexemes a query is cut into: the index (``document_lexemes``,
without positions) and the queries and highlighting (``tokenize``, with positions)
cut text by two scans that must agree, whatever the text; the pieces they are made of
hold to what they stand for."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from editorial.search.text import (
    _HALF_WIDTH,
    _WORDS,
    _half_width,
    _is_cjk,
    codes_literal,
    document_codes,
    document_lexemes,
    lexeme_code,
    tokenize,
    year_code,
)

# Characters that hit every rule: ideographs, layout and other spaces, full-width
# letters, digits and punctuation, capitals, compatibility ideographs, an underscore.
ALPHABET = "工会职素质程劳模温\u3000 \t\u00a0\u2002ＡａＷ２０１２，。：！、_-AbZ9é\n豈𠀀"


@given(st.lists(st.text(alphabet=ALPHABET, max_size=40), min_size=1, max_size=4))
def test_a_document_holds_the_lexemes_of_its_fields_as_queries_cut_them(texts):
    fields = [(text, "body") for text in texts]
    expected = {token.lexeme for text in texts for token in tokenize(text)[0]}

    assert document_lexemes(fields)[0] == expected


@given(st.lists(st.text(alphabet=ALPHABET, max_size=40), min_size=1, max_size=4))
def test_without_last_characters_a_document_loses_only_lone_characters(texts):
    fields = [(text, "body") for text in texts]
    every, spaced, folded = document_lexemes(fields)
    without, spaced_too, folded_too = document_lexemes(fields, last=False)

    assert without <= every and (spaced, folded) == (spaced_too, folded_too)
    assert all(len(lexeme) == 1 for lexeme in every - without)


@given(
    st.lists(st.text(alphabet=ALPHABET + "𪚥々〇\ud800", max_size=40), min_size=1, max_size=4),
    st.integers(1949, 2100),
)
def test_the_index_holds_the_code_of_every_lexeme_of_a_document_but_lone_characters(texts, year):
    fields = [(text, "body") for text in texts]
    lexemes, spaced, folded = document_lexemes(fields, last=False)

    document = document_codes(fields, year)

    expected = [*sorted({lexeme_code(lexeme) for lexeme in lexemes}), year_code(year)]
    assert document.codes == codes_literal(expected)
    assert (document.spaced, document.folded) == (spaced, folded)


@given(st.text(alphabet=ALPHABET + "（）；？～\uff01\uff5e\uff5f\uff00", max_size=60))
def test_full_width_forms_are_made_ascii_as_by_the_translation_table(text):
    assert _half_width(text) == text.translate(_HALF_WIDTH)


@given(st.text(alphabet=ALPHABET + "ß١Ⅻ²", max_size=60))
def test_a_word_is_a_longest_run_of_letters_and_digits_that_are_not_cjk(text):
    def in_a_word(ch):
        return ch.isalnum() and not _is_cjk(ch)

    expected = ["".join(run) for inside, run in itertools.groupby(text, in_a_word) if inside]

    assert _WORDS.findall(text) == expected
