"""Translation memory: every translated entry of a language, for exact and near matches.

When a unit is new to a page's catalog, its translation may exist elsewhere: the same sentence on
another page (exact: used as it is), or a close earlier version of it (near: offered as a fuzzy
translation, with the previous msgid kept so Poedit shows what changed). Similarity is difflib's
ratio, as msgmerge's fuzzy search uses a string-distance ratio, with the same 0.6 threshold.

The search does not scan every entry with difflib: rapidfuzz's ratio (from the longest common
subsequence, in C) is never below difflib's (whose matching blocks are one common subsequence), so
the entries it puts under the threshold are out, and difflib scores only the few left. The answer
is the one a full difflib scan gives.
"""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Iterable

THRESHOLD = 0.6

_RATIOS: dict[tuple[str, str], float] = {}
"""difflib ratios already computed in this process, by (candidate, msgid): a page's catalogs in
each language look for the same new msgids among mostly the same translated ones."""
_RATIOS_KEPT = 20_000


def _remember(pair: tuple[str, str], ratio: float) -> float:
    if len(_RATIOS) >= _RATIOS_KEPT:
        _RATIOS.clear()
    _RATIOS[pair] = ratio
    return ratio


def pairs_of(po) -> list[tuple[str, str]]:
    """What a catalog gives the memory: its translated, not fuzzy, plain entries (a glossary's,
    each in a context, give none)."""
    return [(e.msgid, e.msgstr) for e in po if e.msgstr and not e.fuzzy and e.msgctxt is None]


@dataclass(frozen=True)
class Match:
    msgid: str
    msgstr: str
    score: float


class Memory:
    def __init__(self, pairs: Iterable[tuple[str, str]] = ()):
        self.exact: dict[str, str] = {}
        for msgid, msgstr in pairs:
            if msgstr:
                self.exact.setdefault(msgid, msgstr)
        self._by_length = sorted(self.exact, key=len)

    def __len__(self) -> int:
        return len(self.exact)

    def closest(self, msgid: str, threshold: float = THRESHOLD) -> Match | None:
        """The most similar translated msgid (ties: the shortest, then the first in order).
        Candidates are scored from the highest rapidfuzz ratio down: it bounds difflib's from
        above, so once it falls below the best score found, no candidate left can beat it."""
        candidates = self._candidates(msgid, threshold)
        if not candidates:  # most new units in a cold run: no need to index msgid for difflib
            return None
        best: Match | None = None
        best_index = -1
        matcher: SequenceMatcher | None = None
        for bound, index in candidates:
            if best is not None and bound < best.score - 1e-9:  # the margin: two float roundings of one ratio
                break
            candidate = self._by_length[index]
            score = _RATIOS.get((candidate, msgid))
            if score is None:
                if matcher is None:
                    matcher = SequenceMatcher(None, autojunk=False)
                    matcher.set_seq2(msgid)
                matcher.set_seq1(candidate)
                floor = best.score if best else threshold
                if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                    continue  # both bound the ratio from above: it cannot win
                score = _remember((candidate, msgid), matcher.ratio())
            if score >= threshold and (best is None or score > best.score or (score == best.score and index < best_index)):
                best, best_index = Match(candidate, self.exact[candidate], score), index
        return best

    def _candidates(self, msgid: str, threshold: float) -> list[tuple[float, int]]:
        """(rapidfuzz ratio as a fraction, index in the memory's order) of the entries whose ratio
        reaches the threshold, the highest first (ties: the first in order)."""
        if not self._by_length:
            return []
        from rapidfuzz import fuzz, process
        cutoff = threshold * 100 - 1e-6  # floating point: never lose an entry exactly at the threshold
        found = process.extract(msgid, self._by_length, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
        return sorted(((score / 100, index) for _, score, index in found), key=lambda pair: (-pair[0], pair[1]))
