"""When did it happen: a trigger's date from its sentence, its governing event, an offset
("a day after"), an anchoring event ("following the visit"), or the story's context.

In:  the sentence's triggers, the date mentions assigned to each (``attach.assign``), the
     events already built for governing triggers, and the ``StoryContext``.
Out: ``EventMention.date``/``date_precision``/``date_text``/``date_span``/``date_source``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from ..taxonomy import VERBAL, quad_class
from . import attach
from .dates import PRECISION_RANK, DateMention, period_end
from .events import Trigger, in_toll_phrase
from .merge import EventMention


PRESENT_TAGS = {"VBZ", "VBP"}


@dataclass
class StoryContext:
    """The narrative date earlier sentences established."""
    last_date: tuple | None = None        # (value, precision, text, span)
    last_date_sent: int = -9
    lead_date: tuple | None = None        # the first date of the lead (first three sentences)
    sent_index: int = 0

    def note(self, found: list[EventMention], si: int, published) -> None:
        """Remember the best own (not inherited, not future) date of sentence ``si``."""
        own = [m for m in found if m.own_date and m.date and not m.subordinate and m.date_kind not in PERIOD_KINDS
               and (published is None or m.date <= published) and _narrative(m)]
        if own:
            best = max(own, key=lambda m: (m.date_precision == "day", m.confidence))
            self.last_date = (best.date, best.date_precision, best.date_text, best.date_span)
            self.last_date_sent = si
            if self.lead_date is None and si <= 2:
                self.lead_date = self.last_date

    def note_lead_dates(self, sdates: list[DateMention], si: int, published) -> None:
        """The lead's first narrative date anchors the story even when no trigger owns it ("On
        March 24, the minister announced that ..."): undated events later return to it."""
        if self.lead_date is not None or si > 2:
            return
        for dm in sdates:
            if dm.value is None or dm.kind not in ("absolute", "relative") or \
                    (published is not None and (dm.value > published or
                                                (published - dm.value).days > BACKGROUND_DAYS)):
                continue   # the story's own time is recent; an older date in the lead is background
            if _narrative_date(dm.precision, dm.text):
                self.lead_date = (dm.value, dm.precision, dm.text, (dm.start, dm.end))
                return


def _narrative(m: EventMention) -> bool:
    """Is this mention's date one a story goes on from in the next sentence?"""
    return _narrative_date(m.date_precision, m.date_text)


def _narrative_date(precision: str | None, text: str | None) -> bool:
    """Days and weeks are dates a story goes on from, and a named month ("In January, ..."); a year
    or "earlier this year" frames background, not a narrative."""
    if precision in ("day", "week"):
        return True
    return precision == "month" and bool(_MONTH_NAME.search(text or ""))


_MONTH_NAME = re.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b")
# Date kinds that name a period, not a date: a decade, a span reaching back from now, or the start
# of an ongoing state ("since 1995").
PERIOD_KINDS = ("decade", "span", "since")
# An event dated more than this many days before publication is background: the story recalls it.
BACKGROUND_DAYS = 30
# Verbs that attribute a quote or a claim to its speaker ("..., she said").
ATTRIBUTION_VERBS = {"say", "tell", "add", "note", "stress", "insist", "explain", "reply", "respond", "argue",
                     "assert", "write", "state", "remark", "comment"}


# Verbs of reporting whose past tense shifts what they report back a tense ("said it had taken").
REPORTING_VERBS = ATTRIBUTION_VERBS | {"announce", "report", "confirm", "claim", "acknowledge", "admit",
                                       "reveal", "disclose", "declare"}


def _had_form(tok) -> bool:
    return tok.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in tok.children)


def reported_by(tok):
    """The past reporting verb whose content clause ``tok`` heads ("gunmen killed 23, the ministry
    said Monday"), or None."""
    clause = tok
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    reporter = clause.head
    if clause.dep_ == "ccomp" and reporter.tag_ == "VBD" and reporter.lemma_.lower() in REPORTING_VERBS:
        return reporter
    return None


def backshifted(tok):
    """The past reporting verb that shifted ``tok``'s tense back ("the army said it had retaken
    the town" reports "has retaken": the story's own news), or None."""
    return reported_by(tok) if _had_form(tok) else None


def past_perfect(tok) -> bool:
    """"had called", "had been arrested": told as before the story's own time (unless a
    reporting verb shifted the tense)."""
    return _had_form(tok) and backshifted(tok) is None


def is_background(m: EventMention, published) -> bool:
    """A past event the story recalls: dated to a decade or a span ("in recent years"), told in the
    past perfect with no date of its own, or dated to a period that ended more than
    ``BACKGROUND_DAYS`` before publication ("the 1998 embassy bombings", "ten years ago")."""
    if m.date_kind in PERIOD_KINDS or m.aggregate:
        return True
    if m.date is None:
        return m.past_perfect
    if published is None or m.date_source == "publication":
        return False
    end = period_end(m.date, m.date_precision) or m.date
    return (published - end).days > BACKGROUND_DAYS


def valid_date(dm: DateMention, doc, event_tokens: frozenset[int] = frozenset()) -> bool:
    """Drop counts read as years ("2000 people") and dates inside names; a year before an event
    noun dates it ("the 2004 bombing")."""
    tok = attach.span_root(doc, dm.start, dm.end)
    if _comparison(tok):
        return False
    if dm.precision == "year" and dm.kind != "relative" and len(dm.text) == 4:
        if tok is not None and tok.dep_ == "nummod" and tok.head.pos_ == "NOUN" and tok.head.i not in event_tokens and \
                tok.head.lemma_.lower() not in ("year", "election", "revolution", "war", "agreement", "deal"):
            return False
        if tok is not None and tok.ent_type_ not in ("DATE", "") and tok.ent_type_ != "CARDINAL":
            return False
    return True


SUPERLATIVE_WORDS = {"first", "only", "last"}


def _comparison(tok) -> bool:
    """"the biggest since last year", "the deadliest attack since 2019", "the first talks since
    2022": a date after "since" that bounds a superlative compares; it dates nothing."""
    if tok is None or tok.dep_ != "pobj" or tok.head.lower_ != "since":
        return False
    host = tok.head.head
    def superlative(t) -> bool:
        return t.tag_ in ("JJS", "RBS") or t.lower_ in SUPERLATIVE_WORDS
    return superlative(host) or any(c.dep_ == "amod" and superlative(c) for c in host.children)


def _pick(cands):
    """Best (item, cost): lowest cost, then most precise."""
    return min(cands, key=lambda ic: (ic[1], -PRECISION_RANK.get(getattr(ic[0], "precision", "unknown"), 0)))


def in_background(t: Trigger) -> bool:
    """Is the trigger inside an after/since/before phrase ("..., which came after US air strikes
    on June 27")? Such dates are the background's, not the story's."""
    x = t.token
    while x.head.i != x.i:
        if (x.dep_ in ("prep", "pcomp") and x.lower_ in TEMPORAL_WORDS) or \
                any(c.dep_ == "mark" and c.lower_ in TEMPORAL_WORDS for c in x.children):
            return True
        if x.dep_ == "pobj" and x.head.lower_ in TEMPORAL_WORDS:
            return True
        x = x.head
    return False


TEMPORAL_WORDS = ("after", "before", "since", "following", "until")


def crosses_temporal_clause(t: Trigger, gov: Trigger) -> bool:
    """Is ``t`` in an after/before/since clause under ``gov`` (so gov's date is not its date)?"""
    x = t.token
    while x.i != gov.token.i and x.head.i != x.i:
        if (x.dep_ in ("prep", "pcomp") and x.lower_ in ("after", "before", "since", "following", "until")) \
                or any(c.dep_ == "mark" and c.lower_ in ("after", "before", "since", "until", "once")
                       for c in x.children):
            return True
        if x.dep_ == "pobj" and x.head.lower_ in ("after", "before", "since", "following", "until"):
            return True
        x = x.head
    return False


def _after_clause(t: Trigger, gov: Trigger) -> bool:
    """Is ``t`` told in an after/following clause of ``gov``, with no date of its own there?"""
    x = t.token
    while x.i != gov.token.i and x.head.i != x.i:
        if (x.dep_ in ("prep", "pcomp") and x.lower_ in ("after", "following")) \
                or any(c.dep_ == "mark" and c.lower_ == "after" for c in x.children):
            return True
        if x.dep_ == "pobj" and x.head.lower_ in ("after", "following"):
            return True
        if x.dep_ in ("relcl", "ccomp", "parataxis"):
            return False
        x = x.head
    return False


SIMULTANEOUS_PREPS = ("during", "amid", "amidst")


def _simultaneous(t: Trigger) -> bool:
    """Is the event noun the circumstance of its governor ("arrested twelve during a
    demonstration")? Then it happened on the governor's date."""
    tok = t.token
    return tok.dep_ == "pobj" and tok.head.lower_ in SIMULTANEOUS_PREPS


# Verbs whose object is a happening while it goes on: "police dispersed a rally", "troops stormed
# the sit-in", "gunmen attacked a wedding". (Most verbs name an event they are about: "recalled the
# congress", "condemned the strikes"; those events came before.)
CONCURRENT_GOVERNORS = frozenset({"disperse", "break", "storm", "raid", "attack", "interrupt", "disrupt",
                                  "suppress", "quell", "crush", "halt", "stop", "end", "join", "attend",
                                  "surround", "block", "fire", "shoot", "tear-gas", "teargas", "bomb"})


def _acted_on_while_going_on(t: Trigger, gov: Trigger) -> bool:
    """Is the event noun the direct object of a verb acting on it as it happens?"""
    tok = t.token
    return tok.dep_ == "dobj" and tok.head.i == gov.token.i and gov.token.lemma_.lower() in CONCURRENT_GOVERNORS


def inherits(t: Trigger, gov: Trigger) -> bool:
    """May ``t`` take its governor's date and place? Not when a statement governs a material act
    ("said it was concerned about the July 7 barrage": the barrage is not where it was said)."""
    return not (quad_class(gov.type) in VERBAL and quad_class(t.type) not in VERBAL)


def _hangs_on(tok, verb) -> bool:
    """Is ``tok`` (a date's root) a modifier of ``verb`` itself, not of a clause below it?"""
    while tok is not None and tok.i != verb.i:
        if tok.head.i == tok.i or tok.dep_ in ("ccomp", "xcomp", "advcl", "relcl", "conj"):
            return False
        tok = tok.head
    return tok is not None


def _unknown_own_time(m: EventMention, text, span, recalled: bool) -> None:
    """The event's time is its own and unknown: undated, yet no other report's date is lent to
    it when reports are merged (source "offset")."""
    m.date, m.date_text, m.date_span, m.date_source = None, text, span, "offset"
    m.past_perfect = recalled


def toll_of(t: Trigger) -> bool:
    """Is the trigger the event a toll is counted for ("the death toll from the hotel attack had
    risen to 21 on Saturday")? The sentence's date is the count's, not the attack's."""
    return t.nominal and in_toll_phrase(t.token)


def set_date(m: EventMention, t: Trigger, k: int, triggers, own_dates, results, ctx, pub) -> None:
    pred = t.pred
    cands = [(dm, c) for dm, c in own_dates.get(k, []) if dm.kind != "future" or t.type in ("THREATEN", "AGREE")]
    reporter = backshifted(pred)
    reported_on = []
    if reporter is not None:
        # "Officials said on Monday that 21 had been killed": Monday is when it was said, by when
        # it had happened; a date, but not the event's own (an earlier report of it may say the day).
        doc = reporter.doc
        reported_on = [(dm, c) for dm, c in cands if dm.kind != "offset" and dm.value is not None
                       and _hangs_on(attach.span_root(doc, dm.start, dm.end), reporter)]
        cands = [(dm, c) for dm, c in cands if (dm, c) not in reported_on]
    if toll_of(t):
        lo, hi = t.token.left_edge.idx, t.token.right_edge.idx + len(t.token.right_edge.text)
        cands = [(dm, c) for dm, c in cands if lo <= dm.start and dm.end <= hi]   # its own ("Friday's attack") only
    abs_cands = [(dm, c) for dm, c in cands if dm.kind != "offset" and dm.value is not None]
    if t.type in ("THREATEN", "AGREE"):
        # A promise's future date ("will travel next week") is the content's, not the statement's.
        abs_cands = [(dm, c) for dm, c in abs_cands if dm.kind != "future" and (pub is None or dm.value <= pub)]
    if abs_cands:
        dm, _ = _pick(abs_cands)
        m.date, m.date_precision, m.date_text = dm.value, dm.precision, dm.text
        m.date_span, m.date_source, m.date_kind = (dm.start, dm.end), "sentence", dm.kind
        return
    if reported_on and not any(dm.kind == "offset" for dm, _ in cands):
        dm, _ = _pick(reported_on)
        m.date, m.date_precision, m.date_text = dm.value, dm.precision, dm.text
        m.date_span, m.date_source, m.date_kind = (dm.start, dm.end), "report", dm.kind
        return
    offsets = [(dm, c) for dm, c in cands if dm.kind == "offset"]
    gov = t.governor
    gov_m = None
    while gov is not None:
        gk = triggers.index(gov)
        if gk in results:
            gov_m = results[gk]
            break
        gov = gov.governor
    if offsets:
        dm, _ = _pick(offsets)
        ref = None
        if dm.offset is None:   # "Days later, a bomb killed 11": its own time, not a known day
            _unknown_own_time(m, dm.text, (dm.start, dm.end), past_perfect(pred))
            return
        if gov_m is not None and gov_m.date is not None and crosses_temporal_clause(t, gov):
            ref = (gov_m.date, -dm.offset)      # "Allan resigned Monday, a day after X quit"
        elif ctx.last_date is not None:
            ref = (ctx.last_date[0], dm.offset)  # "two days later, troops withdrew"
        if ref is not None and pub is not None and t.modality == "asserted" \
                and ref[0] + timedelta(days=ref[1]) > pub + timedelta(days=1):
            # What happened cannot come after the story: the offset counts from an event it names
            # ("held for three years after the protests") or one told before, not from the last date.
            _unknown_own_time(m, dm.text, (dm.start, dm.end), past_perfect(pred))
            return
        if ref is not None:
            m.date = ref[0] + timedelta(days=ref[1])
            m.date_precision = dm.precision if dm.precision != "day" else (gov_m.date_precision if gov_m and gov_m.date else ctx.last_date[1])
            m.date_text, m.date_span, m.date_source = dm.text, (dm.start, dm.end), "offset"
            return
    if gov_m is not None and gov_m.date is None and gov_m.date_source == "offset" and inherits(t, gov) \
            and not crosses_temporal_clause(t, gov):
        # "Days later, a bomb blast killed 11": the blast has the killing's time, unknown as it is.
        _unknown_own_time(m, gov_m.date_text, gov_m.date_span, gov_m.past_perfect)
        return
    if gov_m is not None and gov_m.date is not None and gov_m.own_date and gov_m.date_precision == "day" \
            and inherits(t, gov) and _after_clause(t, gov):
        # "marched Thursday, after the council dissolved the party": what came just before a dated
        # event is dated by it (most often the same day) rather than by the publication.
        m.date, m.date_precision, m.date_text = gov_m.date, gov_m.date_precision, gov_m.date_text
        m.date_span, m.date_source, m.date_kind = gov_m.date_span, "governor", gov_m.date_kind
        return
    if gov_m is not None and gov_m.date is not None and gov_m.own_date and not crosses_temporal_clause(t, gov) \
            and inherits(t, gov):
        if t.nominal and t.pred.i == t.token.i and gov.type != t.type and not _simultaneous(t) \
                and t.token.dep_ not in ("nsubj", "nsubjpass") and not _acted_on_while_going_on(t, gov):
            # "last week the minister recalled the founding congress": an event named as what
            # another is about happened before it, not on its date. (An event noun that is the
            # subject, "an explosion killed five", is the same happening.)
            return
        m.date, m.date_precision, m.date_text = gov_m.date, gov_m.date_precision, gov_m.date_text
        m.date_span, m.date_source, m.date_kind = gov_m.date_span, "governor", gov_m.date_kind
        return
    # A dated event noun under this trigger ("urged ... during a meeting last week").
    for j, o in enumerate(triggers):
        if o is t or o.governor is not t:
            continue
        for dm, c in own_dates.get(j, []):
            if dm.value is not None and dm.kind in ("absolute", "relative") and not crosses_temporal_clause(o, t):
                m.date, m.date_precision, m.date_text = dm.value, dm.precision, dm.text
                m.date_span, m.date_source = (dm.start, dm.end), "governor"
                return
    first = _first_conjunct_dated(t, triggers, results)
    if first is not None:
        # "On Monday the council met and approved the plan": a date set before the first verb
        # frames every verb coordinated with it.
        m.date, m.date_precision, m.date_text = first.date, first.date_precision, first.date_text
        m.date_span, m.date_source, m.date_kind = first.date_span, "coordination", first.date_kind
        return
    if gov_m is not None and gov_m.past_perfect and gov_m.date is None and inherits(t, gov):
        # "had been held for years after protests against him": what a recalled event hangs on
        # is recalled with it.
        m.past_perfect = True
        return
    tok = pred
    if past_perfect(tok):
        # Before the story's time and undated: neither the publication date nor the story's.
        m.past_perfect = True
        return
    present = tok.tag_ in PRESENT_TAGS or any(c.tag_ in PRESENT_TAGS and c.dep_ == "aux" and c.lower_ not in ("has", "have")
                                              for c in tok.children)
    if present and pub is not None:
        m.date, m.date_precision, m.date_source = pub, "day", "publication"
        return
    if tok.lemma_.lower() in ATTRIBUTION_VERBS and pub is not None:
        # "..., she said": what the story quotes was said in the story's time, not in the time of
        # the background sentence before it. The lead's date when it is recent, else publication.
        lead = ctx.lead_date
        if lead is not None and lead[1] == "day" and 0 <= (pub - lead[0]).days <= BACKGROUND_DAYS:
            m.date, m.date_precision, m.date_text, m.date_span = lead
            m.date_source = "context"
        else:
            m.date, m.date_precision, m.date_source = pub, "day", "publication"
        return
    # The previous sentence's date carries over (a story told in order); further back, the
    # lead's date does: background paragraphs date themselves, undated sentences mostly
    # return to the story's main event.
    if ctx.last_date is not None and ctx.sent_index - ctx.last_date_sent <= 1:
        ref = ctx.last_date
    else:
        ref = ctx.lead_date
    perfect = any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in tok.children)
    if ref is not None and perfect and pub is not None and (pub - ref[0]).days > BACKGROUND_DAYS:
        ref = None   # "has rejected calls to resign" after a paragraph on last November: now, not then
    if ref is not None:
        m.date, m.date_precision, m.date_text, m.date_span = ref
        m.date_source = "context"
        return
    if pub is not None:
        m.date, m.date_precision, m.date_source = pub, "day", "publication"


def _after_root(t: Trigger):
    """The root of the after/following clause or phrase ``t`` is told in, or None."""
    x = t.token
    while x.head.i != x.i:
        if any(c.dep_ == "mark" and c.lower_ == "after" for c in x.children):
            return x
        if x.dep_ == "pobj" and x.head.lower_ in ("after", "following"):
            return x.head
        if x.dep_ in ("relcl", "ccomp", "parataxis"):
            return None
        x = x.head
    return None


def _main_clause_dated(t: Trigger, triggers, results) -> EventMention | None:
    """For ``t`` in an after clause: the dated event of its sentence told outside that clause
    (what came just before a dated event is most often of its day, or its month: "the protests
    began in November after a canopy collapsed"), else None."""
    root = _after_root(t)
    if root is None:
        return None
    inside = {x.i for x in root.subtree}
    best = None
    for j, o in enumerate(triggers):
        m = results.get(j)
        if o is t or m is None or o.token.i in inside or not inherits(t, o):
            continue
        if m.date is not None and m.date_source == "sentence" and m.date_precision in ("day", "month", "year"):
            d = attach.tree_distance(o.token, root)
            if best is None or d < best[0]:
                best = (d, m)
    return best[1] if best else None


def _first_conjunct_dated(t: Trigger, triggers, results) -> EventMention | None:
    """The mention of the verb ``t``'s verb is coordinated with, when that one's own date comes
    before it in the sentence (so the date frames both), else None."""
    tok = t.pred if t.pred is not None else t.token
    if tok.dep_ != "conj" or tok.pos_ not in ("VERB", "AUX"):
        return None
    head = tok.head
    for j, o in enumerate(triggers):
        m = results.get(j)
        if o is t or m is None or (o.pred if o.pred is not None else o.token).i != head.i:
            continue
        if m.date is not None and m.date_source == "sentence" and m.date_span and m.date_span[0] < head.idx:
            return m
    return None


def after_clause_date(m: EventMention, t: Trigger, triggers, results) -> None:
    """For a mention dated only by context or publication: "sang as they marched Thursday, after
    the council dissolved the party" (the after clause hangs on an undated verb) takes the day of
    its sentence's dated event all the same. Run once every trigger of the sentence has a date."""
    main = _main_clause_dated(t, triggers, results)
    if main is not None:
        m.date, m.date_precision, m.date_text = main.date, main.date_precision, main.date_text
        m.date_span, m.date_source, m.date_kind = main.date_span, "governor", main.date_kind


def anchor_date(m: EventMention, t: Trigger, triggers, results) -> None:
    """"attacked ... following the visit": on or after the anchoring event (week precision)."""
    for c in (t.pred or t.token).children:
        if c.dep_ == "prep" and c.lower_ in ("after", "following", "since"):
            obj = next((x for x in c.children if x.dep_ == "pobj"), None)
            for j, o in enumerate(triggers):
                if obj is not None and o.token.i == obj.i and j in results and results[j].date is not None:
                    r = results[j]
                    m.date = r.date
                    m.date_precision = "week" if r.date_precision == "day" else r.date_precision
                    m.date_text, m.date_span, m.date_source = r.date_text, r.date_span, "anchor"
                    return
