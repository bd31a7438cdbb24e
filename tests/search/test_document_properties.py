"""A document holds exactly the lexemes a query is cut into: the index (``document_lexemes``,
without positions) and the queries and highlighting (``tokenize``, with positions)
cut text by two scans that must agree, whatever the text."""

from hypothesis import given
from hypothesis import strategies as st

from editorial.search.text import document_lexemes, tokenize

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
