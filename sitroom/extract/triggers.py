"""The trigger lexicon (data/triggers.csv) compiled into spaCy ``PhraseMatcher``s.

In:  a ``Lexicon`` and the model's vocabulary.
Out: ``TriggerMatcher(doc) -> [(token, TriggerRule)]``: every token a lexicon rule proposes as
     an event trigger, with the rule that fits its part of speech and context words.

Each lexicon key becomes a pattern on the lemma and patterns on its regular inflections (so
"staged" still matches when the small model lemmatises it as "stag"); a hyphenated key ("sit-in")
becomes a three-token pattern anchored on its last token. Parts of speech are checked on the
matched token (verbs, nouns, adjectives). Which of a key's rules applies (its part of speech,
its ``with``/``unless`` context words) is decided by ``Lexicon.select`` on the matched token.
"""
from __future__ import annotations

from spacy.matcher import PhraseMatcher
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
    """Lexicon keys as spaCy ``PhraseMatcher`` patterns (hash lookups on the lemma and on the
    lower-case form, so 1,000 patterns cost one pass); ``__call__`` returns (token, rule)."""

    def __init__(self, vocab: Vocab, lexicon: Lexicon):
        self.lexicon = lexicon
        self.by_lemma = PhraseMatcher(vocab, attr="LEMMA")
        self.by_form = PhraseMatcher(vocab, attr="LOWER")
        self._keys: dict[int, str] = {}
        for key in lexicon.rules:
            kid = vocab.strings.add(key)
            self._keys[kid] = key
            if "-" in key and " " not in key:
                parts = key.split("-")
                if len(parts) == 2 and all(parts):
                    self.by_form.add(key, [Doc(vocab, words=[parts[0], "-", parts[1]], spaces=[False, False, False])])
            elif " " not in key:
                self.by_lemma.add(key, [Doc(vocab, words=[key], lemmas=[key])])
                self.by_form.add(key, [Doc(vocab, words=[f]) for f in sorted(inflections(key))])

    def __call__(self, doc: Doc) -> list[tuple[Token, TriggerRule]]:
        """Triggers of the whole document in token order (one per token: the first fitting key)."""
        keys: dict[int, list[str]] = {}
        for matcher in (self.by_lemma, self.by_form):
            for match_id, _start, end in matcher(doc):
                keys.setdefault(end - 1, []).append(self._keys[match_id])
        out = []
        for i in sorted(keys):
            tok = doc[i]
            if tok.pos_ not in _CANDIDATE_POS and not (tok.i > 0 and doc[i - 1].text == "-"):
                continue
            # The lemma's own rules first, then the surface form's, then an inflection's.
            order = sorted(set(keys[i]), key=lambda k: (k != tok.lemma_.lower(), k != tok.lower_, k))
            for key in order:
                rule = self.lexicon.select(tok, self.lexicon.rules[key])
                if rule is not None:
                    out.append((tok, rule))
                    break
        return out
