"""Hypothesis strategies: news-like prose and the same prose with reversible damage."""

from __future__ import annotations

from hypothesis import strategies as st

_WORDS = (
    "the of and to in a is that for it as was with be by on not he I this are or his from at "
    "which but have an they you were her she there been one all we their has would when if "
    "officials confirmed deal billion drones defense systems region relations ambassador "
    "country nuclear program government minister agreement weapons border security"
).split()
_NAMES = "Israel Iran Azerbaijan Armenia Baku Tehran Akhundov Saqqaiyan McDonald iPhone".split()


@st.composite
def _sentence(draw: st.DrawFn) -> str:
    n = draw(st.integers(3, 14))
    words = [draw(st.sampled_from(_WORDS + _NAMES)) for _ in range(n)]
    words[0] = words[0][:1].upper() + words[0][1:]
    if draw(st.booleans()):
        words.insert(draw(st.integers(0, len(words))), str(draw(st.integers(0, 10**6))))
    if draw(st.integers(0, 5)) == 0:
        words.append("https://example.com/a-b")
    end = draw(st.sampled_from([".", ".", "?", "!", ":"]))
    s = " ".join(words) + end
    if draw(st.integers(0, 4)) == 0:
        s = f"\u201c{s}\u201d he said."
    return s


@st.composite
def news_like_texts(draw: st.DrawFn) -> str:
    """Paragraphs of news-like sentences separated by blank lines."""
    paras = draw(st.lists(st.lists(_sentence(), min_size=1, max_size=4), min_size=1, max_size=5))
    return "\n\n".join(" ".join(p) for p in paras) + draw(st.sampled_from(["", "\n"]))


_NOISE = [
    lambda s, i: s[:i] + "\u00a0" + s[i:],
    lambda s, i: s[:i] + "\u200b" + s[i:],
    lambda s, i: s[:i] + "  " + s[i:],
    lambda s, i: s[:i] + "\\$" + s[i:],
    lambda s, i: s[:i] + "\u06f1\u06f2\u066b\u06f5" + s[i:],
    lambda s, i: s[:i] + "-\n\n" + s[i:],
    lambda s, i: s[:i] + "\u2018" + s[i:],
    lambda s, i: s[:i] + "\n\n\n\n" + s[i:],
    lambda s, i: s[:i] + "\u00e2\u20ac\u2122" + s[i:],
    lambda s, i: s[:i] + "\r\n" + s[i:],
    lambda s, i: s[:i] + "\t \n" + s[i:],
    # a lost space (merged words) and a transposition (a typo) at the nearest chance
    lambda s, i: s[:j] + s[j + 1 :] if (j := s.find(" ", i)) > 0 else s,
    lambda s, i: s[:i] + s[i + 1] + s[i] + s[i + 2 :] if i + 2 <= len(s) else s,
]


@st.composite
def noisy_texts(draw: st.DrawFn) -> str:
    """News-like text with scraping damage injected at random places."""
    s = draw(news_like_texts())
    for _ in range(draw(st.integers(0, 8))):
        i = draw(st.integers(0, len(s)))
        s = draw(st.sampled_from(_NOISE))(s, i)
    return s
