"""The trigger lexicon (data/triggers.csv) compiled into a spaCy ``Matcher``.

In:  a ``Lexicon`` and the model's vocabulary.
Out: ``TriggerMatcher(doc) -> [(token, TriggerRule)]``: every token a lexicon rule proposes as
     an event trigger, with the rule that fits its part of speech and context words.

Each lexicon key becomes patterns on the lemma and on its regular inflections (so "staged" still
matches when the small model lemmatises it as "stag"); a hyphenated key ("sit-in") becomes a
three-token pattern anchored on its last token. Which of a key's rules applies (its part of speech,
its ``with``/``unless`` context words) is decided by ``Lexicon.select`` on the matched token.
"""
from __future__ import annotations

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from .lexicon import Lexicon, TriggerRule

_CANDIDATE_POS = ("VERB", "NOUN", "PROPN", "ADJ")


def inflections(lemma: str) -> set[str]:
    """Regular English inflections of a one-word lemma (plural, past, participles)."""
    w = lemma.lower()
    out = {w, w + "s", w + "ed", w + "ing"}
    if w.endswith("e"):
        out |= {w + "d", w[:-1] + "ing"}
    if w.endswith(("s", "x", "z", "ch", "sh")):
        out.add(w + "es")
    if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        out |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) > 2 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        out |= {w + w[-1] + "ed", w + w[-1] + "ing"}   # ban -> banned, banning
    return out


class TriggerMatcher:
    """Lexicon keys as Matcher patterns; ``__call__`` returns (token, rule) per trigger."""

    def __init__(self, vocab: Vocab, lexicon: Lexicon):
        self.lexicon = lexicon
        self.matcher = Matcher(vocab)
        self._keys: dict[int, str] = {}
        for key in lexicon.rules:
            patterns: list[list[dict]] = []
            if "-" in key and " " not in key:
                parts = key.split("-")
                if len(parts) == 2 and all(parts):
                    patterns.append([{"LOWER": parts[0]}, {"ORTH": "-"}, {"LOWER": parts[1]}])
            elif " " not in key:
                patterns.append([{"LEMMA": key, "POS": {"IN": list(_CANDIDATE_POS)}}])
                patterns.append([{"LOWER": {"IN": sorted(inflections(key))}, "POS": {"IN": list(_CANDIDATE_POS)}}])
            if patterns:
                self.matcher.add(key, patterns)
                self._keys[vocab.strings[key]] = key

    def __call__(self, doc: Doc) -> list[tuple[Token, TriggerRule]]:
        """Triggers of the whole document in token order (one per token: the first fitting key)."""
        keys: dict[int, list[str]] = {}
        for match_id, _start, end in self.matcher(doc):
            keys.setdefault(end - 1, []).append(self._keys[match_id])
        out = []
        for i in sorted(keys):
            tok = doc[i]
            # The lemma's own rules first, then the surface form's, then an inflection's.
            order = sorted(set(keys[i]), key=lambda k: (k != tok.lemma_.lower(), k != tok.lower_, k))
            for key in order:
                rule = self.lexicon.select(tok, self.lexicon.rules[key])
                if rule is not None:
                    out.append((tok, rule))
                    break
        return out
