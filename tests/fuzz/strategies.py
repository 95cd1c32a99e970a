"""Inputs that break parsers: any text, and the characters that often do harm."""

from __future__ import annotations

from hypothesis import strategies as st

NASTY_CHARACTERS = (
    "\x00",  # refused by PostgreSQL in text
    "%",
    "_",  # LIKE wildcards
    "'",
    '"',
    "\\",
    ";",
    ",",
    "\t",
    "\n",
    "\r",
    "\u202e",  # right-to-left override
    "\u200b",  # zero-width space
    "\u0301",  # combining acute accent
    "\ufeff",  # byte order mark
    "é",
    "Œ",
    "İ",
    "ß",
    "²",
    "٣",  # Arabic-Indic digit three
    "🙂",
    "\ud7ff",
    "ا",  # Arabic letter
    "\U0001d400",  # mathematical bold capital A
)
NASTY_WORDS = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "%",
    "_",
    "%_%",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "mrc:31",
    "mrc:\x00",
    "region:03",
    "municipality:23027",
    "2021-02-30",
    "2021-13",
    "0000",
    "9" * 40,
    "-1",
    "1e309",
    "NaN",
    "²",
    "١٢",
    "x" * 5000,
    "é" * 101,
    "Saint-Zacharie",
    "Îles-de-la-Madeleine",
)

nasty_text = st.one_of(
    st.sampled_from(NASTY_WORDS),
    st.text(alphabet=st.sampled_from(NASTY_CHARACTERS), max_size=12),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.lists(st.sampled_from(NASTY_WORDS + NASTY_CHARACTERS), max_size=6).map("".join),
    st.text(max_size=10).map(lambda text: f"{text}\x00{text}"),
)
