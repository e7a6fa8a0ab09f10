"""Pseudo-localization: a fake translation that shows layout and leftover text before translators start.

`pseudo(msgid)` turns the prose into accented Latin, about a third longer, inside `⟦…⟧`, so clipped or
untranslated text stands out on the built page. Placeholders (variables, shortcodes, HTML tags, link
targets, inline code, character references) and bare URLs stay as they are, except the `alt` and
`title` of HTML tags: readers see those, translators translate them (`validation` allows it).

The source is Japanese: kana become romaji, each ideograph a pseudo-syllable chosen by its code point,
Japanese punctuation its ASCII equivalent, except where that ASCII would mean something to Markdown
(`＊`, `＿`, `｀`, `［`, `｜` …): those become look-alikes, so emphasis, code spans, links and tables
stay as in the source, and no line starts a new block (`#`, `>`, `-`, `1.`, indentation, blank line).
"""
from __future__ import annotations

import math
import re
import unicodedata

from pipeline.reading.placeholders import PLACEHOLDER

LENGTHEN = 0.35  # the padding, as a share of the prose's length
PADDING_WORDS = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt"

CJK = re.compile(
    "[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff60\uff61-\uff9f\U00020000-\U0003ffff]"
)
IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
BARE_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+")
KEPT = re.compile(f"{PLACEHOLDER.pattern}|{BARE_URL.pattern}", PLACEHOLDER.flags)
TAG_TEXT = re.compile(r"""(\s(?:alt|title)\s*=\s*)("[^"]*"|'[^']*')""", re.I)
BLOCK_START = re.compile(r"^(?:[ \t]+(?=\S)|#{1,6}(?:\s|$)|>|[-*+:][ \t]|[0-9]{1,9}[.)](?:[ \t]|$)|={3,}\s*$|-{3,}\s*$|```|~~~)")

ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçðéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
# Hiragana U+3041–U+3096 in order ('-' for the small ya/yu/yo/tsu, handled with their neighbours).
HIRAGANA = (
    "a a i i u u e e o o ka ga ki gi ku gu ke ge ko go sa za shi ji su zu se ze so zo ta da chi ji - tsu zu "
    "te de to do na ni nu ne no ha ba pa hi bi pi fu bu pu he be pe ho bo po ma mi mu me mo - ya - yu - yo "
    "ra ri ru re ro wa wa i e o n vu ka ke"
).split()
SMALL_Y = {"ゃ": "a", "ゅ": "u", "ょ": "o"}
SMALL_VOWELS = frozenset("ぁぃぅぇぉ")
PUNCTUATION = {
    "\u3000": " ", "、": ",\x00", "。": ".\x00", "・": "·", "「": "“", "」": "”", "『": "‘", "』": "’",
    "【": "«", "】": "»", "〔": "(", "〕": ")", "〈": "‹", "〉": "›", "《": "«", "》": "»", "〜": "–",
    "〃": '"', "（": "\x01", "）": ")", "！": "!\x00", "？": "?\x00", "：": ":\x00", "；": ";\x00",
    "，": ",\x00", "．": ".\x00",
    # fullwidth forms whose ASCII would be Markdown (emphasis, code, links, tables, tags, escapes, anchors)
    "＊": "∗", "＿": "‗", "｀": "ˋ", "［": "⁅", "］": "⁆", "｜": "¦", "＜": "‹", "＞": "›", "＼": "∖",
    "＃": "♯", "｛": "⦃", "｝": "⦄", "～": "–", "｟": "(", "｠": ")",
}
CONSONANTS, VOWELS = "kgsztdnhbpmyrw", "aiueo"
SOFT_SPACE, OPEN_PAREN = "\x00", "\x01"  # resolved once the neighbours are known
OPEN, CLOSE = "⟦", "⟧"  # not Markdown's [ ]: a ] before a link target of the msgid would make a link


def pseudo(msgid: str) -> str:
    """The pseudo-translation of a msgid: deterministic, placeholders kept, no CJK left in the prose."""
    head, body, tail = _strip(msgid)
    if not body:
        return msgid
    opener = _html_block_opener(body) if body.startswith("<") else BLOCK_START.match(body)
    if opener and opener.group() and body[opener.end():].strip():
        # what opens the first block (`<b>` alone on its line, `# `, `1. `) stays first: ⟦ after it
        first = _tag(opener.group()).replace("\u3000", "\u00a0")  # a blank still, and no CJK
        return head + first + pseudo(body[opener.end():]) + tail
    parts, pos = [], 0
    for m in KEPT.finditer(body):
        parts.append(_prose(body[pos:m.start()]))
        parts.append(_tag(m.group()))
        pos = m.end()
    parts.append(_prose(body[pos:]))
    text = _resolve("".join(parts))
    text += _padding(text)
    if text.endswith("\\"):
        text += " "  # or what follows would be escaped
    return head + OPEN + _guard_lines(body, text) + CLOSE + tail


def _html_block_opener(body: str) -> re.Match | None:
    """The tag that opens `body` when it starts an HTML block there (CommonMark: a block-level
    element's tag, or any tag alone on its line): `⟦` before it would make the block a paragraph."""
    from markdown_it.common.html_blocks import block_names
    tag = KEPT.match(body)
    if tag is None:
        return None
    name = re.match(r"</?([A-Za-z][A-Za-z0-9-]*)", tag.group())
    alone = re.compile(re.escape(tag.group()) + r"[^\S\n]*(?=\n|$)").match(body)  # blanks to the line's end:
    if alone:                                                             # any Unicode one, as markdown-it-py
        return alone
    return tag if name and name.group(1).lower() in block_names else None


def find_cjk(text: str) -> list[str]:
    """The Japanese/Chinese characters readers of a text see: outside its placeholders, or in the alt
    and title of its HTML tags (for checking a pseudo build; fenced code is the caller's to leave out)."""
    return CJK.findall(PLACEHOLDER.sub(_visible, text))


def _visible(m: re.Match) -> str:
    token = m.group()
    if not token.startswith("<") or token.startswith("<!--"):
        return " "
    return " ".join(value for _, value in TAG_TEXT.findall(token))


def _tag(token: str) -> str:
    """A placeholder as it is, but for the alt and title of an HTML tag: readers see those."""
    if not token.startswith("<") or token.startswith("<!--"):
        return token
    return TAG_TEXT.sub(lambda m: m.group(1) + _attribute(m.group(2)), token)


def _attribute(quoted: str) -> str:
    quote, value = quoted[0], quoted[1:-1]
    text = pseudo(value).replace(quote, "’" if quote == "'" else "”") if value.strip() else value
    return quote + text + quote


def _strip(text: str) -> tuple[str, str, str]:
    """Leading and trailing whitespace stay outside the brackets (gettext checks the newlines)."""
    body = text.strip(" \t\n")
    if not body:
        return text, "", ""
    start = text.index(body)
    return text[:start], body, text[start + len(body):]


def _prose(text: str) -> str:
    return _romanize(_normalize(text)).translate(ACCENTS)


def _normalize(text: str) -> str:
    """Fullwidth, halfwidth and enclosed forms to their plain letters (ｶﾞ → ガ, ＡＢ → AB, ㈱ → (株))."""
    out = []
    for char in text:
        if char in PUNCTUATION:
            out.append(char)
        elif "\uff01" <= char <= "\uffef" or "\u3200" <= char <= "\u33ff" or "\u2f00" <= char <= "\u2fdf":
            out.append(unicodedata.normalize("NFKC", char))
        else:
            out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


def _romanize(text: str) -> str:
    """Kana to romaji, ideographs to pseudo-syllables, Japanese punctuation to Latin punctuation."""
    out: list[str] = []
    double_next, previous = False, ""
    for char in text:
        if _starts_word(previous, char):
            out.append(" ")
        previous = char
        syllable = _syllable(char, out)
        if syllable is None:
            out.append(("t" if double_next else "") + char)
            double_next = False
            continue
        if double_next and syllable[:1].isalpha() and syllable[0] not in VOWELS:
            syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
        double_next = char in "っッ"
        if not double_next:
            out.append(syllable)
    if double_next:
        out.append("t")
    return "".join(out)


def _starts_word(previous: str, char: str) -> bool:
    """Katakana or a kanji after hiragana usually starts a new word (ログインできない|場合の|対処方法):
    a space there keeps pseudo words about as long as English ones, so lines wrap as they will."""
    return "\u3041" <= previous <= "\u309f" and ("\u30a1" <= char <= "\u30fa" or bool(IDEOGRAPH.match(char)))


def _syllable(char: str, out: list[str]) -> str | None:
    """The Latin for one CJK character, given what came before it (None: not CJK, kept as it is)."""
    code = ord(char)
    if char in PUNCTUATION:
        return PUNCTUATION[char]
    if 0x30A1 <= code <= 0x30F6:
        char, code = chr(code - 0x60), code - 0x60  # katakana: as the hiragana
    if char in "っ":
        return ""
    if char in SMALL_Y or char in SMALL_VOWELS:
        return _small_kana(char, out)
    if 0x3041 <= code <= 0x3096:
        return HIRAGANA[code - 0x3041]
    if char == "ー":
        vowels = [c for c in "".join(out[-1:]) if c in VOWELS]
        return vowels[-1] if vowels else "a"
    if char in "々ゝゞヽヾ" and out and out[-1].isalpha():
        return out[-1]  # an iteration mark repeats the syllable before it
    if char in "\u3099\u309a\u309b\u309c":
        return "ʼ"  # a voiced mark with no kana to join: still a letter's width
    if CJK.match(char):
        return _ideograph(code)
    return None


def _small_kana(char: str, out: list[str]) -> str:
    """ゃゅょ and ぁぃぅぇぉ join the syllable before them (き+ゃ → kya, フ+ァ → fa)."""
    last = out[-1] if out else ""
    vowel = SMALL_Y.get(char) or HIRAGANA[ord(char) - 0x3041]
    if char in SMALL_Y and last.endswith("i") and len(last) > 1:
        out[-1] = last[:-1] + ("" if last.endswith(("shi", "chi", "ji")) else "y")
    elif char in SMALL_VOWELS and len(last) > 1 and last[-1] in VOWELS:
        out[-1] = last[:-1]
    else:
        return ("y" if char in SMALL_Y else "") + vowel
    return vowel


def _ideograph(code: int) -> str:
    """A pseudo-syllable for an ideograph, the same every time (設 and 定 differ, 設 is always 設)."""
    consonant = CONSONANTS[code % len(CONSONANTS)]
    vowel = VOWELS[(code // len(CONSONANTS)) % len(VOWELS)]
    return consonant + vowel + ("n" if (code // 70) % 3 == 0 else "")


def _resolve(text: str) -> str:
    """The space after 、 and 。 only before a word; （ after ] gets a space so no link target appears."""
    text = re.sub(SOFT_SPACE + r"(?=[\w“‘(«‹<\[!`{&])", " ", text)
    text = text.replace(SOFT_SPACE, "")
    return re.sub(r"(?<=\])" + OPEN_PAREN, " (", text).replace(OPEN_PAREN, "(")


def _padding(text: str) -> str:
    """About a third more characters, as pseudo words: translations are longer than the source."""
    length = len(KEPT.sub("", text))
    wanted = math.ceil(length * LENGTHEN)
    if wanted < 2:
        return ""
    words = (PADDING_WORDS + " ") * (wanted // len(PADDING_WORDS) + 1)
    return (" " + words[:wanted - 1].rstrip()).translate(ACCENTS)


def _guard_lines(source: str, text: str) -> str:
    """A line the source does not start with a block marker must not start with one now."""
    source_lines, lines = source.split("\n"), text.split("\n")
    if len(source_lines) != len(lines):
        return text
    for n in range(1, len(lines)):
        if not lines[n].strip() and source_lines[n]:
            lines[n] = "·"  # a line of ideographic spaces: blank now, it would end the paragraph
        elif _block_start(lines[n]) and not _block_start(source_lines[n]) or \
                _block_start(lines[n].lstrip()) and not _block_start(source_lines[n].lstrip()):
            lines[n] = "\u00a0" + lines[n].lstrip(" \t")
    return "\n".join(lines)


def _block_start(line: str) -> bool:
    return bool(BLOCK_START.match(PLACEHOLDER.sub(lambda m: "x" * len(m.group()), line)))
