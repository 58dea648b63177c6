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


# Irregular pasts and participles, so a form the small model leaves unlemmatised ("retook",
# "overran", "withheld") still meets its lexicon key; a prefix (re-, over-, with-...) carries over.
IRREGULAR = {
    "arise": "arose arisen", "bear": "bore borne", "beat": "beaten", "begin": "began begun",
    "bind": "bound", "blow": "blew blown", "break": "broke broken", "bring": "brought",
    "build": "built", "buy": "bought", "catch": "caught", "choose": "chose chosen", "deal": "dealt",
    "draw": "drew drawn", "drive": "drove driven", "fall": "fell fallen", "feed": "fed",
    "fight": "fought", "find": "found", "flee": "fled", "fly": "flew flown", "forbid": "forbade forbidden",
    "freeze": "froze frozen", "give": "gave given", "go": "went gone", "hang": "hung", "hide": "hid hidden",
    "hold": "held", "keep": "kept", "lay": "laid", "lead": "led", "leave": "left", "lend": "lent",
    "lose": "lost", "make": "made", "meet": "met", "pay": "paid", "rise": "rose risen", "run": "ran",
    "say": "said", "see": "saw seen", "seek": "sought", "sell": "sold", "send": "sent", "shake": "shook shaken",
    "shoot": "shot", "show": "shown", "sink": "sank sunk", "slay": "slew slain", "speak": "spoke spoken",
    "spend": "spent", "stand": "stood", "steal": "stole stolen", "strike": "struck stricken",
    "swear": "swore sworn", "sweep": "swept", "take": "took taken", "teach": "taught", "tear": "tore torn",
    "tell": "told", "think": "thought", "throw": "threw thrown", "wage": "waged", "wear": "wore worn",
    "win": "won", "write": "wrote written",
}
PREFIXES = ("re", "over", "under", "with", "up", "out", "mis", "fore")


def _irregular(w: str) -> set[str]:
    if w in IRREGULAR:
        return set(IRREGULAR[w].split())
    for pre in PREFIXES:
        base = w[len(pre):]
        if w.startswith(pre) and base in IRREGULAR:
            return {pre + f for f in IRREGULAR[base].split()}
    return set()


def inflections(lemma: str) -> set[str]:
    """English inflections of a one-word lemma (plural, past, participles; irregular pasts)."""
    w = lemma.lower()
    out = {w, w + "s", w + "ed", w + "ing"} | _irregular(w)
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
                if len(parts) == 2 and all(parts):   # "sit-in(s)", "test-fire(d)": the last part inflects
                    self.by_form.add(key, [Doc(vocab, words=[parts[0], "-", f], spaces=[False, False, False])
                                           for f in sorted(inflections(parts[1]))])
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
            # A hyphenated key ("test-fire") is the longer match and goes first.
            order = sorted(set(keys[i]), key=lambda k: ("-" not in k, k != tok.lemma_.lower(), k != tok.lower_, k))
            for key in order:
                rule = self.lexicon.select(tok, self.lexicon.rules[key])
                if rule is not None:
                    out.append((tok, rule))
                    break
        return out
