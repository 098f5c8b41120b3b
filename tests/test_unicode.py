"""The fix_mojibake fast path never disagrees with ftfy itself."""

import ftfy
from hypothesis import given
from hypothesis import strategies as st

from normalize.functions import fix_mojibake, ftfy_config


@given(st.text(st.characters(max_codepoint=0x7F)))
def test_fast_path_matches_ftfy_on_ascii(text):
    assert fix_mojibake(text) == ftfy.fix_text(text, ftfy_config())


@given(st.text(st.characters(codec="utf-8")))
def test_fix_mojibake_matches_ftfy(text):
    assert fix_mojibake(text) == ftfy.fix_text(text, ftfy_config())


def test_seed_mojibake_and_terminal_escape():
    assert fix_mojibake("Iran\u00e2\u20ac\u2122s") == "Iran\u2019s"
    assert fix_mojibake("\x1b[31mred\x1b[0m") == "red"


def test_quotes_and_width_are_not_touched():
    text = "\u201cquoted\u201d \uff21 \ufb01"
    assert fix_mojibake(text) == text
