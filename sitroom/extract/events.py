"""Event triggers in a parsed sentence: detection, typing, factuality, participants.

In:  a spaCy sentence ``Span`` (parsed) and the trigger matcher's hits in it.
Out: ``Trigger`` objects: the trigger token, its PLOVER type and mode, the
     predicate that carries its clause (a support verb for "carried out
     attacks", "handed ... a sentence"), its modality, and the head tokens of
     actor1 (who acts) and actor2 (who is acted on).

Modality decides what is an event:
- asserted (past or present, also inside reported speech: "officials said
  militias fired rockets" is the militias' ASSAULT);
- negated ("did not attack", "no attacks"), hypothetical ("could impose", "if
  ..."), habitual ("repeatedly") and purpose clauses ("to avoid escalation")
  are dropped;
- future or intended ("will provide aid", "is ready to withdraw", "plans to
  strike") become AGREE for cooperation and THREATEN for conflict, as PLOVER
  codes promises and threats;
- the content of a request, threat, promise, rejection or accusation ("urged
  them to step up attacks", "denied that Tehran supported attacks", "accused
  Iran of repression") is not a separate event.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from ..taxonomy import MATERIAL_CONFLICT, SYMMETRIC_TYPES, VERBAL, quad_class
from . import attach
from .actors import HEAD_KINDS, PRONOUNS, QUANTITY_HEADS, noun_kind
from .lexicon import TriggerRule, frame_noun, is_amount, time_phrase

ASSERTED, NEGATED, HYPOTHETICAL, FUTURE, INTENT, CONTENT, HABITUAL, FIGURATIVE = (
    "asserted", "negated", "hypothetical", "future", "intent", "content", "habitual", "figurative")

# Verbs that carry an event noun: the noun's event, the verb's participants.
SUPPORT_VERBS = {"carry", "launch", "conduct", "stage", "hold", "impose", "issue", "make", "mount",
                 "wage", "unleash", "order", "announce", "begin", "start", "resume", "continue",
                 "step", "escalate", "intensify", "lead", "hand", "give", "pass", "slap", "level",
                 "file", "lodge", "undertake", "perform", "execute", "claim", "orchestrate",
                 "plan", "organize", "organise", "call", "declare", "reach", "sign", "extend",
                 "host", "attend", "join", "deliver", "send", "provide", "offer", "express",
                 "voice", "open", "pay", "hit", "fire", "use", "stand", "go", "expand", "widen",
                 "renew", "reiterate", "repeat", "approve", "authorize", "authorise", "set",
                 "lay",    # "laid siege to"
                 "conclude", "convene", "chair", "wrap", "co-host", "cohost",
                 "exchange",   # "exchanged fire with" (not "returned fire": a part of the attack it answers)
                 "stag"}   # the small model lemmatises "staged" as "stag"
# Verbs whose "in" object is the event their subject takes part in.
PARTAKE_VERBS = {"engage", "participate", "take", "join"}
# Support verbs that presuppose the noun's event whatever their own modality.
PRESUPPOSING_SUPPORT = {"attend", "join", "host", "cover", "miss", "skip", "boycott", "witness"}
# Verbs whose subject undergoes the noun's event ("came under attack", "faces sanctions"); a
# defender who repels or withstands an attack is its target, and the attack took place.
UNDERGO_VERBS = {"come", "suffer", "face", "receive", "undergo", "endure", "sustain", "get",
                 "repel", "repulse", "withstand"}
#: Verbs of dying or being hurt: the event a victim died in happened ("died in the shelling").
CASUALTY_VERBS = {"die", "kill", "wound", "injure", "hurt", "perish"}
# Verbs that say a noun event happened ("protests erupted", "the strike killed").
HAPPEN_VERBS = {"erupt", "break", "take", "happen", "occur", "begin", "start", "continue", "kill",
                "hit", "leave", "intensify", "escalate", "spread", "target", "destroy", "damage",
                "wound", "injure", "rage", "resume", "end", "peak", "follow", "come", "go", "widen",
                "spark", "trigger", "prompt", "force", "claim", "mark"}
MODALS_HYPO = {"could", "might", "may", "would", "should", "can", "must", "ought"}
MODALS_FUT = {"will", "shall", "'ll", "wo"}
COND_MARKS = {"if", "unless", "whether", "lest"}
TEMPORAL_MARKS = {"after", "before", "since", "until", "till", "following", "once"}
HABITUAL_ADV = {"repeatedly", "often", "always", "routinely", "regularly", "frequently", "usually",
                "sometimes", "occasionally", "typically", "generally", "habitually", "annually", "yearly",
                "daily", "weekly", "monthly", "nightly"}
# Nouns of what may come: "the risk of bombings", "the spectre of war" name no bombing and no war.
PROSPECT_NOUNS = {"threat", "risk", "fear", "danger", "possibility", "prospect", "likelihood", "chance",
                  "spectre", "specter", "menace", "probability"}
NEG_WORDS = {"not", "n't", "never", "no", "neither", "nor", "without"}
# Verbs governing an infinitive that did happen ("began to withdraw").
IMPLICATIVE = {"begin", "start", "continue", "manage", "resume", "proceed", "go", "decide", "move",
               "help", "dare", "get", "come", "choose", "opt", "rush", "hasten", "vote", "rule"}
# Verbs of using a means: the infinitive is what the means did ("used tear gas to disperse the
# crowd", "deployed troops to retake the town"), as the verb itself is; "used to" alone is habit.
INSTRUMENT_VERBS = {"use", "deploy", "employ", "fire"}
# Verbs, adjectives and nouns of intent: the infinitive is a plan, promise or threat.
INTENT_WORDS = {"plan", "intend", "want", "seek", "hope", "aim", "prepare", "expect", "vow", "pledge",
          "promise", "offer", "threaten", "ready", "willing", "prepared", "determined", "set",
          "poised", "mean", "wish", "propose", "consider", "weigh", "commit", "resolve", "swear",
          "likely", "about", "due", "schedule", "scheduled", "plot", "attempt", "try", "need", "have"}
# Acts done by the doing of another: who gathers, marches or blocks a road "to protest" protests
# (but a meeting called "to protest" a closure has not happened yet).
PROTEST_ACTS = {"protest", "demonstrate", "rally"}
CROWD_ACTS = {"gather", "assemble", "march", "rally", "drive", "ride", "walk", "block", "blockade", "occupy",
              "fill", "pour", "flood", "throng", "converge", "descend", "take", "stage", "hold", "come",
              "turn", "strike", "stop", "down", "shut", "close", "burn", "wave", "chant", "sit"}
NEGATIVE_GOVERNORS = {"fail", "refuse", "decline", "avoid", "stop", "cease", "halt", "deny",
                      "prevent", "reject", "oppose", "forbid", "ban", "bar", "unable", "reluctant",
                      "hesitate", "postpone", "delay", "cancel", "suspend"}
# Verbs that keep someone from an act ("prevented them from leaving"): the act did not happen.
KEPT_FROM_GOVERNORS = NEGATIVE_GOVERNORS | {"keep", "deter", "discourage", "dissuade", "block", "prohibit",
                                            "restrain", "refrain", "abstain", "exempt"}
# Types whose clausal content is not itself an event.
CONTENT_TYPES = {"REQUEST", "THREATEN", "AGREE", "REJECT"}
# Nouns whose possessor / of-object is the one acted on ("the lawyer's arrest", "release of X").
PATIENT_NOUNS = {"arrest", "detention", "killing", "assassination", "release", "expulsion",
                 "abduction", "kidnapping", "deportation", "execution", "sentence", "trial",
                 "murder", "seizure", "ouster", "removal", "extradition", "imprisonment", "capture",
                 "torture", "beating", "jailing", "pardon", "rescue", "evacuation"}
RELATIVE_PRONOUNS = {"which", "who", "that", "whom"}
# Words that make a warning/vow a THREATEN (its content is coercive).
CONFLICT_WORDS = {"retaliate", "retaliation", "consequence", "sanction", "action", "response",
                  "respond", "cost", "force", "measure", "step", "war", "attack", "strike",
                  "punish", "punishment", "escalation", "revenge", "tariff", "reprisal", "destroy",
                  "hit", "kill", "military", "crush", "wipe", "fire", "bomb", "invade", "close",
                  "suspend", "expel", "arrest", "target", "defend", "resolutely", "decisive"}


_MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december"}


@dataclass
class Trigger:
    token: Token                  # the trigger word
    rule: TriggerRule
    type: str
    mode: str | None
    pred: Token                   # token carrying modality/participants (== token for verbs)
    nominal: bool
    weight: float
    modality: str = ASSERTED
    undergo: bool = False         # subject of pred is actor2 ("came under attack")
    actor1_head: Token | None = None
    actor2_head: Token | None = None
    actor1_alts: list = field(default_factory=list)
    location_targets: set = field(default_factory=set)   # actor2 candidates that are places
    fallback1: set = field(default_factory=set)   # actor1 candidates that do not make a bare noun an event
    fallback2: set = field(default_factory=set)   # actor2 candidates found by the clause search
    actor2_alts: list = field(default_factory=list)
    governor: "Trigger | None" = None       # the trigger this one's clause depends on, if any
    inherit_from: "Trigger | None" = None   # trigger whose participants this one takes (ultimatums)
    notes: list[str] = field(default_factory=list)

    @property
    def keep(self) -> bool:
        return self.modality in (ASSERTED, FUTURE, INTENT)


# ---- detection ---------------------------------------------------------------------------------

def find_triggers(sent, hits) -> list[Trigger]:
    """The triggers of a sentence with their predicates, from the trigger matcher's
    ``(token, rule)`` hits inside it; modality not yet set."""
    out: list[Trigger] = []
    for tok, rule in hits:
        if tok.pos_ not in ("VERB", "NOUN", "PROPN", "ADJ"):
            continue
        # Modifier uses are not events: "attack helicopters", "Iran-backed", "protest movement".
        if tok.dep_ in ("compound", "amod", "nmod") and tok.pos_ != "VERB" and tok.head.pos_ in ("NOUN", "PROPN"):
            if not (rule.type == "ASSAULT" and tok.head.lemma_.lower() in ("barrage", "campaign", "wave", "spree")):
                continue
        if tok.dep_ == "amod" and tok.tag_ in ("VBN", "VBG"):
            continue
        if tok.tag_ == "VBG" and tok.dep_ == "pcomp" and tok.head.head.pos_ == "NOUN":
            continue
        if tok.pos_ == "ADJ" and tok.dep_ not in ("acomp", "ROOT", "ccomp", "xcomp", "advcl", "conj"):
            continue
        if tok.ent_type_ in ("PERSON", "ORG", "GPE", "WORK_OF_ART", "LAW", "EVENT") and tok.pos_ == "PROPN":
            continue
        if tok.ent_type_ in ("DATE", "TIME") or (tok.ent_type_ in ("CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY")
                                                 and tok.pos_ != "VERB"):
            continue   # "in March", "May 5": a month is not a march (a verb the tagger ran into
            #            "flew 30 tonnes" is still a verb)
        if tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.lower_ in _MONTH_WORDS:
            continue
        if rule.lemma == "give" and rule.type != "SANCTION" and _is_deadline(tok):
            rule = DEADLINE_RULE   # "gave the aid agency seven days to leave": the limit, not aid
        nominal = tok.pos_ in ("NOUN", "PROPN")
        pred, undergo = tok, False
        if nominal:
            pred, undergo = _noun_predicate(tok)
        out.append(Trigger(token=tok, rule=rule, type=rule.type, mode=rule.mode, pred=pred,
                           nominal=nominal, weight=rule.weight, undergo=undergo))
    out.extend(_modal_demands(sent, {t.token.i for t in out}))
    out.extend(_deadlines(sent, {t.token.i for t in out}))
    out.extend(_accusing_statements(sent, {t.token.i for t in out}, out))
    out.sort(key=lambda t: t.token.i)
    _link_governors(out)
    return out


DEMAND_RULE = TriggerRule(lemma="say", pos=(), type="REQUEST", alt_type=None, mode="demand",
                          with_=frozenset(), unless=frozenset(), weight=0.6)


def _modal_demands(sent, taken: set[int]) -> list[Trigger]:
    """A speaker saying someone else must/should act is demanding it (REQUEST at the speech verb)."""
    out = []
    for tok in sent:
        if tok.lemma_.lower() not in SPEECH_VERBS or tok.i in taken or tok.pos_ != "VERB":
            continue
        for c in tok.children:
            if c.dep_ != "ccomp":
                continue
            aux = {a.lower_ for a in c.children if a.dep_ == "aux"}
            must = bool(aux & {"must", "should"}) or (
                c.lemma_.lower() == "have" and any(x.dep_ == "xcomp" for x in c.children) and c.tag_ in ("VBZ", "VBP"))
            if not must:
                continue
            speaker, addressee = _child(tok, "nsubj"), _child(c, "nsubj")
            if speaker is None or addressee is None or addressee.lower_ in ("we", "i", "us"):
                continue   # "we must ..." is a resolve, not a demand on another
            t = Trigger(token=tok, rule=DEMAND_RULE, type="REQUEST", mode="demand", pred=tok, nominal=False,
                        weight=DEMAND_RULE.weight)
            t.notes.append("modal demand")
            out.append(t)
            break
    return out


DEADLINE_RULE = TriggerRule(lemma="give", pos=("VERB",), type="THREATEN", alt_type=None, mode="ultimatum",
                            with_=frozenset(), unless=frozenset(), weight=0.65)
DEADLINE_UNITS = {"hour", "day", "week", "month"}


def _deadlines(sent, taken: set[int]) -> list[Trigger]:
    """Giving someone a time limit to act is an ultimatum: "gave the rebels 48 hours to leave",
    "gave the minister until Friday to resign". The verb needs an addressee, a span of hours to
    months (or "until" a date) and the act demanded as an infinitive; "gave him three years in
    prison" has no act demanded, "gave reporters a few minutes" no unit of a deadline."""
    out = []
    for tok in sent:
        if tok.lemma_.lower() == "give" and tok.i not in taken and _is_deadline(tok):
            t = Trigger(token=tok, rule=DEADLINE_RULE, type="THREATEN", mode="ultimatum", pred=tok,
                        nominal=False, weight=DEADLINE_RULE.weight)
            t.notes.append("deadline")
            out.append(t)
    return out


def _is_deadline(tok) -> bool:
    """Is this "give" a time limit set for an act ("48 hours to leave", "until Friday to resign")?"""
    if tok.pos_ != "VERB":
        return False
    kids = list(tok.children)
    addressee = any(c.dep_ in ("dative", "dobj") and c.pos_ in ("NOUN", "PROPN", "PRON")
                    and c.lemma_.lower() not in DEADLINE_UNITS for c in kids)
    span = any((c.dep_ in ("npadvmod", "dobj") and c.lemma_.lower() in DEADLINE_UNITS
                and any(n.dep_ == "nummod" or n.lower_ in ("a", "an") for n in c.children))
               or (c.dep_ == "prep" and c.lower_ in ("until", "till")) for c in kids)
    demanded = any(c.dep_ in ("advcl", "xcomp", "acl", "relcl") and c.pos_ == "VERB"
                   and any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children)
                   for c in list(kids) + [g for c in kids if c.lemma_.lower() in DEADLINE_UNITS
                                          for g in c.children])
    return addressee and span and demanded


STATEMENT_RULE = TriggerRule(lemma="say", pos=(), type="ACCUSE", alt_type=None, mode="allege",
                             with_=frozenset(), unless=frozenset(), weight=0.5)
# Words by which what is said charges someone with wrongdoing ("said the shelling was ordered
# illegally by the governor", "says the company has been stealing land", "called the ruling unjust").
# General English words of blame and wrongdoing (not words that only describe, such as "terrorists"
# in "said it killed 30 terrorists", or "threat").
ACCUSATION_CUES = frozenset("""
blame responsible culpable guilty illegal illegally unlawful unlawfully criminal crime crimes corrupt corruption
lie lies lying liar false falsely fake fabricated propaganda genocide atrocity atrocities aggression aggressor
violate violation violations betray betrayal abuse abuses fraud fraudulent rig rigged cheat cheated steal stole
stolen theft plot plotted conspiracy conspire interfere interference meddle meddling
provocation provocative provoke hostility oppress oppression oppressive persecute persecution
discriminate discrimination repression repressive racist racism hypocrisy hypocritical irresponsible reckless
destabilize destabilise incite incitement sponsor harbor harbour exploit exploitation
unacceptable outrageous shameful disgraceful baseless unjustified
unjust illegitimate brutal brutality cruel sabotage undermine blackmail bully bullying coerce coercion
manipulate manipulation
""".split())


def _accusing_statements(sent, taken: set[int], found: list[Trigger]) -> list[Trigger]:
    """A speaker saying that someone did wrong is accusing them (ACCUSE at the speech verb), unless
    what is said already names its own accusation or criticism."""
    out = []
    for tok in sent:
        if tok.lemma_.lower() not in STATEMENT_VERBS or tok.i in taken or tok.pos_ != "VERB":
            continue
        content = next((c for c in tok.children if c.dep_ in ("ccomp", "oprd") or
                        (tok.lemma_.lower() == "call" and c.dep_ == "dobj" and any(
                            g.dep_ in ("oprd", "xcomp", "acomp") for g in c.children))), None)
        if content is None or _child(tok, "nsubj") is None:
            continue
        words = {w.lemma_.lower() for w in content.subtree} | {w.lower_ for w in content.subtree}
        if not words & ACCUSATION_CUES:
            continue
        if any(o.type == "ACCUSE" and content.is_ancestor(o.token) for o in found):
            continue
        if any(o.pred.i == content.i and quad_class(o.type) not in VERBAL
               for o in found):
            continue   # "fishermen were arrested for illegally crossing, officials said": the arrest is told, not an accusation
        t = Trigger(token=tok, rule=STATEMENT_RULE, type="ACCUSE", mode="allege", pred=tok, nominal=False,
                    weight=STATEMENT_RULE.weight)
        t.notes.append("accusing statement")
        out.append(t)
    return out


STATEMENT_VERBS = {"say", "tell", "state", "declare", "claim", "argue", "insist", "suggest", "assert", "allege",
                   "write", "add", "note", "stress", "charge", "maintain", "contend", "call", "describe", "label"}


def _noun_predicate(tok):
    """(pred, undergo) for an event noun: its support verb if any, else the noun itself."""
    h = tok.head
    if tok.dep_ in ("dobj", "attr", "oprd") and h.pos_ in ("VERB", "AUX") and h.lemma_.lower() in SUPPORT_VERBS:
        return h, False
    if tok.dep_ == "nsubjpass" and h.pos_ == "VERB" and h.lemma_.lower() in SUPPORT_VERBS:
        return h, False   # "the attacks were carried out by X"
    if tok.dep_ == "dobj" and h.pos_ == "VERB" and h.lemma_.lower() in UNDERGO_VERBS:
        return h, True
    if tok.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ in ("under",) and h.head.pos_ in ("VERB", "AUX"):
        return h.head, True
    frame = frame_noun(tok)
    if frame is not None:
        framed, undergo = _noun_predicate(frame)   # "declared a state of emergency"
        if framed.i != frame.i:
            return framed, undergo
    if tok.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ == "on" and h.head.lemma_.lower() == "go":
        return h.head, False   # "went on strike"
    if tok.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ == "in" and h.head.dep_ in ("dobj", "nsubjpass") \
            and is_amount(h.head) \
            and h.head.head.pos_ == "VERB" and h.head.head.lemma_.lower() in SUPPORT_VERBS:
        return h.head.head, False   # "announced $500 million in military aid": the amount's verb
    if tok.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ == "in":
        v = h.head
        if v.lower_ == "part" and v.head.lemma_.lower() == "take":
            v = v.head
        if v.pos_ == "VERB" and v.lemma_.lower() in PARTAKE_VERBS:
            return v, False   # "engaged in clashes", "took part in the talks"
    if tok.dep_ == "dobj" and h.pos_ in ("PROPN", "NOUN") and h.dep_ in ("ccomp", "dobj", "dative", "appos"):
        g = h.head   # parser slip: the object noun hung under the recipient
        if g.pos_ == "VERB" and g.lemma_.lower() in SUPPORT_VERBS:
            return g, False
    return tok, False


def _link_governors(triggers: list[Trigger]) -> None:
    """For each trigger, the nearest other trigger among its syntactic ancestors."""
    by_i = {t.token.i: t for t in triggers}
    for t in triggers:
        x = t.token
        while x.head.i != x.i:
            x = x.head
            if x.i in by_i and by_i[x.i] is not t:
                t.governor = by_i[x.i]
                break


# ---- modality ----------------------------------------------------------------------------------

def _children_lower(tok) -> set[str]:
    return {c.lower_ for c in tok.children}


def denied(tok) -> bool:
    """Does a "no" or "neither" determine ``tok`` ("no group", "no deadline")? Also when the
    parser hung it on a noun modifier before it ("no tsunami warning" parsed with "no" on
    "tsunami")."""
    def says_no(t) -> bool:
        return any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in t.children)
    return says_no(tok) or (tok.pos_ == "NOUN" and any(
        c.i < tok.i and c.pos_ == "NOUN" and c.dep_ in ("compound", "nsubj", "amod", "nmod") and says_no(c)
        for c in tok.children))


def _is_negated(tok) -> bool:
    if denied(tok):
        return True
    for c in tok.children:
        if c.dep_ == "neg":
            return True
        if c.dep_ == "advmod" and c.lower_ == "longer" and any(n.lower_ == "no" for n in c.children):
            return True   # "would no longer back the plan"
        if c.dep_ == "prep" and c.lower_ == "without":
            return False
        if tok.pos_ == "VERB" and c.dep_ in ("dobj", "nsubjpass") and denied(c):
            return True   # "set no deadline", "no deal was signed": the act's object is denied
    return False


SPEECH_VERBS = {"say", "announce", "tell", "state", "declare", "add", "warn", "promise", "confirm",
                "insist", "report", "write", "note", "stress", "reiterate", "indicate", "signal",
                "pledge", "vow", "assert", "argue", "claim", "suggest", "explain", "reply", "respond"}


def _reported(x) -> bool:
    """Is this clause the complement of a speech verb ("X said it would ...")?"""
    return x.dep_ in ("ccomp", "xcomp") and x.head.lemma_.lower() in SPEECH_VERBS


def clause_modality(pred) -> str:
    """Modality of the clause headed by ``pred`` (walks up through xcomp/conj chains)."""
    x = pred
    for _ in range(8):
        if _is_negated(x):
            return NEGATED
        if x.dep_ == "pcomp" and x.head.lower_ == "from" and x.head.head.lemma_.lower() in KEPT_FROM_GOVERNORS:
            return NEGATED   # "stopped people from protesting", "barred him from travelling"
        kids = _children_lower(x)
        if any(c.dep_ == "mark" and c.lower_ in COND_MARKS for c in x.children):
            return HYPOTHETICAL
        if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
               for c in x.children) and any(c.dep_ == "aux" and c.lower_ in MODALS_HYPO | MODALS_FUT for c in x.children):
            return HYPOTHETICAL     # "would meet the mediator if he gave them a veto"
        modal = {c.lower_ for c in x.children if c.dep_ == "aux"} & (MODALS_HYPO | {"'d"})
        if modal:
            # "said they would strike": the future of reported speech, not a hypothesis.
            if modal <= {"would", "'d"} and _reported(x):
                return FUTURE
            return HYPOTHETICAL
        if any(c.dep_ == "aux" and c.lower_ in MODALS_FUT for c in x.children):
            return FUTURE
        if any(c.dep_ == "advmod" and c.lower_ in HABITUAL_ADV for c in x.children):
            return HABITUAL
        if any(c.dep_ == "mark" and c.lower_ in COND_MARKS for c in x.children):
            return HYPOTHETICAL
        if x.dep_ == "advcl" and "if" in kids:
            return HYPOTHETICAL
        # "going to attack", "is about to"
        if x.lemma_.lower() == "go" and x.tag_ == "VBG" and any(c.dep_ == "xcomp" for c in x.children) and x.i != pred.i:
            return FUTURE
        has_to = any(c.dep_ == "aux" and c.tag_ == "TO" for c in x.children)
        if has_to or x.dep_ == "xcomp":
            gov = x.head
            g = gov.lemma_.lower()
            if x.dep_ in ("xcomp", "ccomp", "advcl", "acl", "relcl", "conj") or has_to:
                if g in NEGATIVE_GOVERNORS:
                    return NEGATED
                if g in IMPLICATIVE or (g in INSTRUMENT_VERBS and any(c.dep_ == "dobj" for c in gov.children)):
                    x = gov
                    continue
                if g in INTENT_WORDS:
                    m = clause_modality(gov)
                    return m if m in (NEGATED, HYPOTHETICAL) else INTENT
                if has_to and x.dep_ == "advcl" and x.lemma_.lower() in PROTEST_ACTS and g in CROWD_ACTS \
                        and any(c.dep_ in ("nsubj", "nsubjpass") for c in gov.children):
                    x = gov   # "drove tractors into Paris to protest": the drive was the protest
                    continue
                if has_to and x.dep_ in ("advcl", "acl", "relcl"):
                    return HYPOTHETICAL      # purpose: "to avoid an escalation"
                if has_to or x.dep_ == "xcomp":
                    if gov.pos_ in ("VERB", "AUX", "ADJ"):
                        return HYPOTHETICAL  # "urged them to attack", "advised them to widen"
                    return HYPOTHETICAL
        if x.dep_ == "conj" and x.head.pos_ in ("VERB", "AUX"):
            # Shared auxiliaries: "could impose sanctions and expel diplomats".
            x = x.head
            continue
        if x.dep_ == "advcl" and x.tag_ == "VBG" and x.head.pos_ in ("VERB", "AUX") and \
                not any(c.dep_ in ("mark", "nsubj", "nsubjpass", "aux") for c in x.children):
            # A participle clause shares its verb's modality: "may expel the envoys, severing ties".
            x = x.head
            continue
        if x.dep_ in ("advcl", "ccomp") and any(c.dep_ == "mark" and c.lower_ in COND_MARKS for c in x.children):
            return HYPOTHETICAL
        # An enclosing conditional clause further up.
        up = x.head
        while up.i != up.head.i and up.dep_ not in ("advcl",):
            if up.pos_ in ("VERB", "AUX") and up.dep_ in ("ROOT", "ccomp"):
                break
            up = up.head
        if up.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in COND_MARKS for c in up.children):
            return HYPOTHETICAL
        return ASSERTED
    return ASSERTED


TIME_PREPS = {"during", "amid", "after", "before", "following", "since", "despite"}
CIRCUMSTANCE_PREPS = {"during", "at", "in", "amid", "after", "before", "following", "since", "despite",
                      "near", "ahead", "until", "within", "throughout"}


def _that_clause(tok) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in ("that", "whether", "if") for c in tok.children)


def _content_of(t: Trigger, by_i: dict[int, Trigger]) -> Trigger | None:
    """The request/threat/promise/rejection/accusation whose content ``t`` is, if any."""
    x = t.token
    path: list = [x]
    while x.head.i != x.i:
        x = x.head
        path.append(x)
        g = by_i.get(x.i)
        if g is None or g is t:
            continue
        first = path[-2]   # the child of g on the path
        if first.dep_ in ("nsubj", "nsubjpass", "csubj", "agent", "relcl", "appos", "conj") or \
                (first.dep_ == "acl" and not _that_clause(first)):
            continue
        # Relative clauses state facts about an entity; time phrases anchor real events:
        # "demanding the release of the editor, who was detained before the vote".
        # ("claims that Minsk armed the rebels" is a content clause, not a relative one.)
        if any(p.dep_ == "relcl" or (p.dep_ == "acl" and not _that_clause(p))
               or (p.dep_ == "prep" and p.lower_ in TIME_PREPS) or
               (p.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS for c in p.children))
               for p in path[:-1]):
            continue
        if first.dep_ == "prep" and first.lower_ in CIRCUMSTANCE_PREPS and (
                g.type != "AGREE" or t.token.lemma_.lower() in MEETING_NOUNS):
            continue   # ("agreed at a summit": the summit took place; "agreed in a deal" is content)
        if g.type in CONTENT_TYPES or g.rule.alt_type:
            return g
        if g.type == "ACCUSE" and (first.dep_ in ("ccomp", "xcomp")
                                   or (first.dep_ == "prep" and first.lower_ in ("of", "for", "over"))):
            # "accused Iran of repression" is content; "condemned the strikes": the strikes are real.
            return g
        if first.dep_ == "prep" and ((g.type == "ACCUSE" and first.lower_ == "with")
                                     or (g.mode == "sentence" and first.lower_ in ("of", "for"))
                                     or (g.type == "SANCTION" and first.lower_ in ("over", "for"))):
            # "charged with killing", "convicted of attacking": the charge, told on the court's day,
            # is an act of before (or alleged), not a new one; so is the reason for sanctions
            # ("sanctioned officials over the crackdown").
            return g
    return None


def _ultimatum(t: Trigger, gov: Trigger) -> bool:
    """"urged Russia to accept a ceasefire or face sanctions": the coercive alternative offered
    with a demand is a threat by the one demanding."""
    if gov.type != "REQUEST" or quad_class(t.type) != MATERIAL_CONFLICT:
        return False
    x = t.pred if t.pred is not None else t.token
    while x.i != gov.token.i and x.head.i != x.i:
        if x.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ == "or" for c in x.head.children):
            return True
        x = x.head
    return False


def set_modality(triggers: list[Trigger]) -> None:
    """Fill ``modality`` of every trigger and re-type promises/threats (see module docstring)."""
    by_i = {t.token.i: t for t in triggers}
    # The light verb of sanctions stands for them: "imposed sanctions ... over the crackdown".
    for t in triggers:
        if t.nominal and t.type == "SANCTION" and t.pred is not None and t.pred.i not in by_i:
            by_i[t.pred.i] = t
    for t in triggers:
        if t.nominal and _is_negated(t.token):
            t.modality = NEGATED
            continue
        pred = t.pred
        if t.nominal and pred.i != t.token.i and pred.lemma_.lower() in PRESUPPOSING_SUPPORT and \
                clause_modality(pred) != ASSERTED:
            # "refused to attend a hearing by the court": the hearing happens regardless.
            t.pred = pred = t.token
        generic_setting = False
        if t.nominal and pred.i == t.token.i:
            # A noun argument shares its verb's modality ("could impose sanctions"); a noun in a
            # prepositional phrase is presupposed ("step up attacks during a meeting"), unless the
            # statement is generic ("governments often impose curfews during unrest").
            if _in_pp(t.token):
                anc = _verbal_ancestor(t.token)
                generic_setting = anc is not None and clause_modality(anc) in (HABITUAL, HYPOTHETICAL) \
                    and not any(c.dep_ in ("det", "poss") for c in t.token.children) \
                    and _first_conjunct(t.token).head.lower_ not in PAST_ANCHOR_PREPS
                pred = None
            else:
                pred = _verbal_ancestor(t.token)
        m = clause_modality(pred) if pred is not None else (HABITUAL if generic_setting else ASSERTED)
        holder = ready_for(t.token) if t.nominal and m == ASSERTED else None
        if holder is not None:
            # "was ready for talks" offers them; "was not ready for talks" does not.
            m = clause_modality(holder)
            m = INTENT if m == ASSERTED else m
        if t.nominal and m == ASSERTED and (_prospect(t.token) or _unrealised(t.token, t.pred.i != t.token.i)):
            m = HYPOTHETICAL
        if m in (ASSERTED, FUTURE, INTENT, HABITUAL) and _in_question(t.token):
            m = HYPOTHETICAL   # "Will the army attack the rebels?": asked, not reported
        if m == ASSERTED and figurative(t):
            m = FIGURATIVE
        if m in (FUTURE, INTENT) and _under_cognition(pred if pred is not None else t.token):
            m = HYPOTHETICAL
        gov = _content_of(t, by_i)
        if gov is not None and t.nominal and t.pred.i == t.token.i and noun_agent(t.token) is not None \
                and gov.type != "AGREE":
            # "refused to attend a hearing by the court", "rejected EU criticism": the named
            # party's act exists whatever the speaker asks or denies.
            gov = None
            m = ASSERTED
        if gov is not None and m not in (NEGATED,) and _ultimatum(t, gov):
            t.notes.append(f"ultimatum in {gov.token.text}")
            t.type, t.mode, t.modality, t.weight = "THREATEN", "ultimatum", ASSERTED, t.weight * 0.9
            t.inherit_from = gov
            continue
        if gov is not None and m not in (NEGATED,):
            t.modality = CONTENT
            t.notes.append(f"content of {gov.token.text}")
            continue
        t.modality = m
        if m == NEGATED and t.type in ("AGREE", "SUPPORT", "COOPERATE") and not t.nominal and \
                not (t.governor is not None and t.governor.type == "REJECT"):
            # "will not accept more refugees", "failed to strike a deal": a refusal.
            t.notes.append(f"negated {t.type}")
            t.type, t.mode, t.modality = "REJECT", "refuse", ASSERTED
        if m in (FUTURE, INTENT):
            _retype_future(t)


def _in_question(tok) -> bool:
    """Is the token's own sentence a question (not a quoted one inside a reported sentence)?"""
    sent = tok.sent
    text = sent.text.rstrip(" \n\t\"'”’")
    return text.endswith("?")


# What violence words are said of when they are figures of speech: illnesses, markets, records,
# ideas and institutions ("fighting cancer", "battling for the cloud market", "shot his way into the
# record books", "an attack on common sense"). A concrete attack has a person, group, place,
# facility or vehicle as its target, or none named.
ABSTRACT_TARGETS = frozenset("""
cancer disease illness virus pandemic epidemic addiction obesity poverty hunger inflation recession
unemployment corruption crime record records sense odds clock climate constitution democracy freedom
rights values idea ideas policy policies plan proposal decision ruling budget tax taxes price prices rate
rates bill legislation reform reforms misinformation disinformation narrative reputation title
championship trophy demon demons share
""".split())
# Abstractions and quantities that violence verbs are said of as their subject ("inflation is
# killing small businesses", "prices exploded", "the ruling hit the opposition"). Illnesses and
# hazards are not here: what they kill is a disaster's toll (``disaster``).
ABSTRACT_AGENTS = frozenset("""
inflation recession unemployment poverty corruption price prices rate rates cost costs share shares stock
stocks market markets economy sales profit profits debt currency tax taxes tariff tariffs policy policies
plan decision ruling budget reform reforms idea ideas misinformation disinformation narrative
""".split())
FIGURATIVE_TYPES = {"ASSAULT", "COERCE", "MOBILIZE"}
# Violence against animals alone (culls, poaching, slaughter for meat) has no political target.
ANIMALS = frozenset("""
animal animals dog dogs cat cats cattle cow cows bird birds chicken chickens poultry pig pigs hog hogs
livestock sheep goat goats camel camels rhino rhinos elephant elephants lion lions whale whales shark
sharks fish wildlife deer monkey monkeys
""".split())


def figurative(t: Trigger) -> bool:
    """A violence word whose target is an abstraction, with no person, force or place named in its
    clause, is a figure of speech."""
    if t.type not in FIGURATIVE_TYPES:
        return False
    if not t.nominal and t.pred.pos_ == "VERB":
        subj = next((c for c in t.pred.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lemma_.lower() in ABSTRACT_AGENTS and not subj.ent_type_:
            return True   # "inflation is killing small businesses", "prices exploded"
    heads = [t.token] if t.pred.i == t.token.i else [t.pred, t.token]
    nouns = []
    targets = []   # the first noun on each path: what the act is done to, not what modifies it
    frontier = [(h, False) for h in heads]
    for _ in range(4):
        nxt = []
        for x, below_target in frontier:
            for c in x.children:
                if c.dep_ in ("dobj", "pobj", "prep", "attr", "npadvmod", "compound", "dative", "oprd", "nsubjpass"):
                    is_noun = c.pos_ in ("NOUN", "PROPN")
                    nxt.append((c, below_target or (is_noun and c.dep_ != "compound"
                                                    and c.lemma_.lower() not in QUANTITY_HEADS)))
                    if is_noun:
                        nouns.append(c)
                        if not below_target or (c.dep_ == "compound" and x in targets):
                            targets.append(c)   # ("the record books": the compound is the target's)
        frontier = nxt
    if not nouns:
        return False
    # (A word that only qualifies an abstract target names no one: "an assault on press freedom".)
    qualifiers = {n.i for n in nouns if n.dep_ == "compound" and n.head.lemma_.lower() in ABSTRACT_TARGETS}
    if any(n.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC") or n.lemma_.lower() in HEAD_KINDS
           for n in nouns if n.i not in qualifiers):
        return False   # people, forces or places are named: a real target
    # "dispersed a rally against the bill": the rally is dispersed, the bill only names its cause.
    return any(n.lemma_.lower() in ABSTRACT_TARGETS | ANIMALS for n in targets)


# Forces of nature, accidents and diseases: what they kill or destroy is a disaster, which PLOVER
# does not code (OTHER at most).
HAZARDS = frozenset("""
cyclone hurricane typhoon storm tornado earthquake quake tremor aftershock flood floods flooding floodwater
floodwaters deluge rain rains rainfall downpour monsoon landslide landslides mudslide avalanche wildfire
bushfire fire blaze flame flames drought heatwave tsunami wave volcano eruption lightning snowstorm blizzard
wind winds gale crash collision accident derailment outbreak epidemic pandemic virus disease cholera
malaria measles mpox ebola covid famine explosion blast snowfall snow hail hailstorm sandstorm frost
stampede rockfall rockslide sinkhole temperature temperatures heat cold
""".split())
# Words that title a named storm ("Cyclone Mocha", "Typhoon Haikui"): the name is the hazard.
STORM_TITLES = frozenset({"cyclone", "hurricane", "typhoon", "storm"})
# Workplaces where an explosion or a fire is an industrial accident unless a weapon is named
# ("an explosion at a chemical plant", "a mine blast", "a fire at a garment factory").
ACCIDENT_SITES = frozenset({"plant", "factory", "refinery", "warehouse", "depot", "mill", "workshop",
                            "foundry", "quarry", "mine", "colliery", "laboratory", "furnace", "reactor"})
# What explodes or burns by accident: "a gas explosion", "a tanker truck exploded", "a boiler blast".
# (Not "chemical": a chemical attack is an attack; and never with a weapon word: "a gas attack",
# "a fuel truck bomb".)
ACCIDENT_MODIFIERS = frozenset({"gas", "boiler", "pipeline", "fuel", "tanker", "methane", "coal",
                                "cylinder", "fireworks", "firework", "industrial", "accidental", "electrical"})
WEAPON_WORDS = frozenset({"bomb", "car", "suicide", "grenade", "rocket", "missile", "mortar", "ied", "explosive",
                          "attack", "shell", "drone", "bomber", "bombing", "artillery", "gun", "gunfire", "sniper",
                          "weapon"})
# Verbs of warning: warning of a hazard ("aid agencies warn of famine") is no threat or accusation.
WARNING_VERBS = {"warn", "caution", "alert"}
# Verbs of accidents: what a bus that crashed or a ferry that capsized killed is an accident's toll.
ACCIDENT_VERBS = {"crash", "collide", "derail", "capsize", "sink", "collapse", "overturn", "plunge", "topple"}
DISASTER_TYPES = {"ASSAULT", "COERCE"}


def disaster(t: Trigger) -> bool:
    """Is the violence a disaster's or an accident's, with no political actor ("a cyclone battered
    the coast and killed twelve", "floods that killed 40", "a bus crashed, killing 18")? A bomb's
    "blast" is not: an attack named by an armed actor or weapon stays an attack."""
    def armed(tok) -> bool:
        return tok.lemma_.lower() in WEAPON_WORDS or any(c.lemma_.lower() in WEAPON_WORDS for c in tok.children)

    def accidental(tok) -> bool:
        if tok is None or armed(tok):
            return False
        if tok.lemma_.lower() in ACCIDENT_MODIFIERS or any(
                c.dep_ in ("compound", "amod") and c.lemma_.lower() in ACCIDENT_MODIFIERS for c in tok.children):
            return True
        # An explosion or fire at a workplace ("at a chemical plant"; "a mine blast", not a land mine)
        land_mine = any(m.lower_ == "land" for m in tok.subtree)
        return tok.lemma_.lower() in HAZARDS and not land_mine and any(
            site.lemma_.lower() in ACCIDENT_SITES for site in _sites(tok))

    def hazard(tok) -> bool:
        if tok is None:
            return False
        measured = _prep_object(tok, {"of"})
        if measured is not None and measured.lemma_.lower() not in HAZARDS:
            return False   # a measure word: "a wave of protests", "an outbreak of violence"
        named_storm = any(c.dep_ == "compound" and c.lemma_.lower() in STORM_TITLES for c in tok.children)
        return ((tok.lemma_.lower() in HAZARDS or named_storm) and not armed(tok)) or accidental(tok)

    def hazard_subject(verb) -> bool:
        # Every subject counts: the parser may give "A magnitude 6.4 earthquake" two; so does a
        # passive's agent ("roads were blocked by landslides").
        return any(hazard(c) for c in verb.children if c.dep_ == "nsubj") or any(
            hazard(o) for a in verb.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj")
    if t.type in ("THREATEN", "ACCUSE") and t.pred.lemma_.lower() in WARNING_VERBS:
        return hazard(_prep_object(t.pred, {"of", "about"}))
    if not t.nominal and hazard_subject(t.pred):
        return True   # a storm that "slammed into" a coast accuses no one
    if t.type not in DISASTER_TYPES:
        return False
    if hazard(t.actor1_head) or (t.nominal and t.token.lemma_.lower() in HAZARDS and accidental(t.token)):
        return True
    if not t.nominal and _accident_clause(t.pred):
        return True   # "a grain silo exploded"
    x = t.pred
    for _ in range(4):
        if x.dep_ in ("relcl", "acl"):
            return hazard(x.head)
        if x.dep_ not in ("advcl", "conj", "xcomp") or x.head.i == x.i:
            return False
        x = x.head
        if x.lemma_.lower() in ACCIDENT_VERBS or hazard_subject(x) or _accident_clause(x):
            return True
    return False


# Things that explode, burn or fall by accident when nothing says a weapon did it.
EXPLODING_THINGS = frozenset({"silo", "tanker", "boiler", "cylinder", "pipeline", "pipe", "transformer", "tank",
                              "reactor", "furnace", "well", "kiln", "generator", "battery", "container"})
FALLING_THINGS = frozenset({"elevator", "lift", "crane", "wall", "roof", "ceiling", "bridge", "building", "tree",
                            "scaffold", "scaffolding", "stage", "tower", "balcony", "stand", "billboard"})
# Vehicles whose hitting something is a road, rail or water accident ("a lorry hit a bus").
VEHICLES = frozenset({"bus", "minibus", "lorry", "truck", "car", "van", "train", "coach", "vehicle", "tractor",
                      "motorcycle", "motorbike", "taxi", "trailer", "jeep", "ferry", "boat", "ship", "locomotive",
                      "tram", "suv", "rickshaw"})
COLLISION_VERBS = frozenset({"hit", "strike", "smash", "slam", "plough", "plow", "crash"})
# Words that make a vehicle's explosion an accident: a crash, or the fuel it carried.
ACCIDENT_CUES = frozenset({"collide", "collision", "crash", "overturn", "fuel", "petrol", "gasoline", "diesel",
                           "gas", "oil", "kerosene"})


def _accident_clause(verb) -> bool:
    """"A grain silo exploded, injuring 30", "a tanker caught fire", "an elevator fell", "a truck
    hit a car": what an object that explodes, burns or falls, or a vehicle that hits something,
    does is an accident's, unless a weapon is named."""
    subj = _child(verb, "nsubj", "nsubjpass")
    if subj is None or any(w.lemma_.lower() in WEAPON_WORDS and not (w.i == subj.i and w.lemma_.lower() in VEHICLES)
                           for w in subj.subtree):
        return False   # (a car is a vehicle; a car bomb is a weapon)
    lemma, head = verb.lemma_.lower(), subj.lemma_.lower()
    if lemma in ("explode", "burst") and (head in EXPLODING_THINGS | ACCIDENT_SITES):
        return True
    if lemma in ("explode", "burst") and head in VEHICLES and any(
            w.lemma_.lower() in ACCIDENT_CUES for w in verb.subtree if w.i != verb.i):
        return True   # "a truck carrying fuel exploded after colliding with a bus" (a car alone may be a bomb)
    if lemma in COLLISION_VERBS:
        # "a lorry hit a bus, killing four", "a car was hit by a train": a collision; not when a
        # weapon is named ("a ferry was struck by shells", "a truck hit a mine").
        hitter = subj if subj.dep_ == "nsubj" else next(
            (o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"), None)
        return hitter is not None and hitter.lemma_.lower() in VEHICLES and not any(
            w.lemma_.lower() in (WEAPON_WORDS - VEHICLES) | {"mine"} for c in verb.children
            if c.dep_ in ("dobj", "prep", "agent") for w in c.subtree if w.i != hitter.i)
    if lemma == "catch" and any(c.dep_ == "dobj" and c.lemma_.lower() in ("fire", "flame", "flames")
                                for c in verb.children):
        return HEAD_KINDS.get(head) is None and subj.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE")
    return lemma == "fall" and head in FALLING_THINGS and not any(c.lower_ == "to" for c in verb.children)


def _sites(tok):
    """The nouns that say where ``tok`` is: its compound modifiers ("mine blast") and the objects
    of its locative preposition ("explosion at a plant")."""
    for c in tok.children:
        if c.dep_ == "compound":
            yield c
        elif c.dep_ == "prep" and c.lower_ in ("at", "in", "inside"):
            yield from (o for o in c.children if o.dep_ == "pobj")


COGNITION = {"believe", "think", "expect", "predict", "hope", "fear", "doubt", "suspect", "guess",
             "speculate", "estimate", "assume", "imagine", "wonder", "anticipate", "forecast", "worry"}


def _under_cognition(tok) -> bool:
    """Is the clause an opinion about the future ("he believes leaders will meet")?"""
    x = tok
    for _ in range(4):
        if x.head.i == x.i:
            return False
        if x.dep_ in ("ccomp", "xcomp") and x.head.lemma_.lower() in COGNITION:
            return True
        x = x.head
    return False


def _first_conjunct(tok):
    """The head of the coordination or apposition ``tok`` is part of ("A, B and C": A)."""
    while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _prospect(tok) -> bool:
    """Is the event noun what a threat, risk or fear is of ("the risk of renewed bombings")?"""
    x = _first_conjunct(tok)
    return x.dep_ == "pobj" and x.head.lower_ == "of" and x.head.head.lemma_.lower() in PROSPECT_NOUNS


# Modifiers of an event noun that has not happened: "a planned march", "the proposed talks".
# ("possible war crimes", "a potential chemical attack" are not here: they may have happened.)
PLOTTING_VERBS = frozenset({"plot", "prepare", "contemplate", "consider", "mull"})
UNREALISED_MODIFIERS = frozenset({"planned", "proposed", "scheduled", "upcoming", "forthcoming", "expected",
                                  "prospective", "intended", "future", "mooted", "threatened", "imminent",
                                  "impending", "looming", "would-be"})
# Verbs whose object event did not take place: "banned a march", "called off the strike",
# "foiled an attack", "postponed the talks".
PREVENTING_VERBS = frozenset({"ban", "bar", "forbid", "prohibit", "outlaw", "cancel", "postpone", "delay",
                              "prevent", "thwart", "foil", "avert", "scrap", "abandon"})


def _unrealised(tok, supported: bool = False) -> bool:
    """Does the event noun name something that did not (yet) happen: planned, or prevented? A
    support verb asserts a planned event ("mounted its long-planned invasion"), but not one it
    calls off ("called off the strike")."""
    x = _first_conjunct(tok)
    if not supported and any(c.dep_ in ("amod", "compound") and c.lower_ in UNREALISED_MODIFIERS
                             for c in tok.children):
        return True
    if x.dep_ in ("dobj", "nsubjpass") and x.head.pos_ == "VERB":
        verb = x.head.lemma_.lower()
        called_off = verb == "call" and any(c.dep_ == "prt" and c.lower_ == "off" for c in x.head.children)
        # "were planning attacks", "plotted attacks": not carried out ("planned the attacks" may
        # be an organiser's realised act: only the progressive of plan counts).
        plotted = verb in PLOTTING_VERBS or (verb == "plan" and x.head.tag_ == "VBG")
        return verb in PREVENTING_VERBS or called_off or plotted
    return False


#: A noun after these happened before its clause ("agreed to reopen the border after talks"),
#: whatever that clause's modality.
PAST_ANCHOR_PREPS = {"after", "following", "since"}


def _in_pp(tok) -> bool:
    x = _first_conjunct(tok)
    return x.dep_ == "pobj" and x.head.lower_ not in ("for", "of", "to", "against", "on", "about")


def _verbal_ancestor(tok):
    """The verb whose clause contains a bare event noun (for modality), else None."""
    x = tok
    while x.head.i != x.i:
        x = x.head
        if x.pos_ in ("VERB", "AUX") or (x.pos_ == "ADJ" and x.dep_ in ("ROOT", "ccomp", "acomp")):
            return x
    return x if x.pos_ in ("VERB", "AUX") else None


def _retype_future(t: Trigger) -> None:
    """Future/intended acts: cooperation -> AGREE (promise), conflict -> THREATEN."""
    q = quad_class(t.type)
    if t.type in ("AGREE", "THREATEN"):
        return
    if q == MATERIAL_CONFLICT:
        t.notes.append(f"future {t.type}")
        # A strike or march still to come threatens no force ("the strike would continue until").
        t.type, t.mode = "THREATEN", {"SANCTION": "sanction", "PROTEST": None}.get(t.type, "force")
    elif t.type in ("AID", "COOPERATE", "RETREAT", "CONCEDE", "CONSULT", "SUPPORT"):
        t.notes.append(f"future {t.type}")
        t.type, t.mode = "AGREE", "promise"
    else:
        t.modality = HYPOTHETICAL   # a future accusation/request is not yet an event


# What comes under fire in the literal sense: forces, armed groups, vehicles and positions.
_SHOT_AT = {"convoy", "patrol", "vehicle", "vehicles", "truck", "trucks", "bus", "car", "ship", "vessel", "boat",
            "aircraft", "plane", "helicopter", "drone", "post", "outpost", "checkpoint", "base", "position",
            "positions", "camp", "village", "town", "house", "compound", "building", "train"}


def _under_fire_is_criticism(tok) -> bool:
    """"came under fire from gunmen near the border" is shooting; "came under fire from
    Republicans", "for its handling of the crisis", "the plan came under fire" are criticism, the
    idiom's commoner sense in news. Shooting needs an armed source ("from suspected rebels"), or,
    with no source named, a force, vehicle or position as what came under fire; no reason given
    ("for", "over")."""
    verb = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "under" else tok.head
    if any(c.dep_ == "prep" and c.lower_ in ("for", "over") for c in list(verb.children) + list(tok.children)):
        return True
    src = _prep_object(tok, {"from"}) or _prep_object(verb, {"from"})
    if src is not None and src.pos_ != "PROPN":
        return noun_kind(src) not in ("military", "armed_group")   # ("rights groups" are no armed group)
    # A named source ("from Al-Shabaab", "from Amnesty") says nothing here: what came under fire does.
    subj = _child(verb, "nsubj", "nsubjpass")
    if subj is None:
        return True
    lemma = subj.lemma_.lower()
    return not (noun_kind(subj) in ("military", "armed_group") or lemma in _SHOT_AT)


def resolve_alt_types(triggers: list[Trigger]) -> None:
    """'A|B' rules (warn, vow): A when the clause talks of conflict, else B. And "came under fire"
    when it is criticism (``_under_fire_is_criticism``): ACCUSE."""
    for t in triggers:
        if t.nominal and t.token.lemma_.lower() == "fire" and t.type == "ASSAULT" and t.undergo \
                and _under_fire_is_criticism(t.token):
            t.type, t.mode = "ACCUSE", "criticise"
            continue
        if not t.rule.alt_type:
            continue
        words = {w.lemma_.lower() for w in t.token.subtree if w.i != t.token.i}
        nested = any(o.token.i != t.token.i and quad_class(o.type) == MATERIAL_CONFLICT
                     and t.token.is_ancestor(o.token) for o in triggers)
        if not (nested or words & CONFLICT_WORDS or _warns_of_own_act(t.token)):
            t.type = t.rule.alt_type
            t.mode = None


FUTURE_AUX = (MODALS_FUT - {"wo"}) | {"would"}   # ("won't" is a negation: no threat read here)


def _warns_of_own_act(verb) -> bool:
    """"warned that it would halt the releases", "warned the army will respond": a warning of
    what the warner, or a force or government, will do is a threat whatever the act (a warning
    that prices will rise is not: prices are no actor)."""
    if verb.pos_ != "VERB":
        return False
    for c in verb.children:
        if c.dep_ != "ccomp" or c.lemma_.lower() in ("be", "become", "remain", "have") or \
                not any(a.dep_ == "aux" and a.lower_ in FUTURE_AUX for a in c.children):
            continue   # ("warned it would be a disaster": a forecast)
        s = _child(c, "nsubj")
        if s is not None and (s.lower_ in PRONOUNS or noun_kind(s) in ("military", "armed_group", "government")
                              or s.ent_type_ in ("GPE", "NORP") and s.pos_ == "PROPN"):
            return True
    return False


# ---- participants ------------------------------------------------------------------------------

def _child(tok, *deps):
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _pobj(prep):
    for c in prep.children:
        if c.dep_ == "pobj":
            return c
    return None


def _subject(verb):
    """(subject head, passive?) of a verb, inheriting through conj/xcomp/relcl/acl."""
    x = verb
    if x.pos_ == "ADJ" and x.dep_ in ("acomp", "ccomp", "xcomp") and x.head.pos_ in ("AUX", "VERB"):
        x = x.head   # "it was gravely worried": the subject sits on the copula
    elif x.tag_ == "VBG" and x.dep_ == "attr" and x.head.pos_ == "AUX":
        x = x.head   # "it was mediating" parsed as a copula and its attribute
    for _ in range(4):
        s = _child(x, "nsubj", "csubj")
        sp = _child(x, "nsubjpass")
        passive = sp is not None or any(c.dep_ == "auxpass" for c in x.children)
        if x.dep_ == "acl" and x.tag_ == "VBN":
            return x.head, True          # "Ortega, sentenced Friday"
        if x.dep_ == "acl" and x.tag_ == "VBG" and s is None:
            return x.head, False         # "a drone strike targeting his convoy"
        if x.dep_ == "acl" and x.tag_ == "VB" and s is None and sp is None \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in x.children):
            ag = noun_agent(x.head)      # "Iran's decision to expel ...", "a US plan to impose ..."
            if ag is not None and ag.i != x.i:
                return ag, False
        head = sp if sp is not None else s
        if head is not None:
            if head.lower_ in RELATIVE_PRONOUNS and x.dep_ == "relcl":
                head = x.head
            return head, passive
        if x.dep_ == "relcl":
            return x.head, passive
        if x.dep_ == "xcomp" and x.head.pos_ == "ADJ" and x.head.dep_ in ("acomp", "xcomp", "ccomp"):
            x = x.head.head   # "is ready to pull back": the copula's subject
            continue
        if x.dep_ in ("conj", "xcomp", "advcl") and x.head.pos_ in ("VERB", "AUX"):
            if x.dep_ == "xcomp":
                obj = _child(x.head, "dobj")
                if obj is not None and x.head.lemma_.lower() not in IMPLICATIVE | INTENT_WORDS | INSTRUMENT_VERBS:
                    return obj, passive   # object control: "forced them to withdraw" (not "used gas to")
            if x.dep_ == "advcl" and x.tag_ == "VBG":
                pass   # "..., killing five": the main clause's subject acts
            elif x.dep_ == "advcl" and x.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in x.children) \
                    and not any(c.dep_ == "mark" and c.lower_ == "for" for c in x.children):
                pass   # "police came to arrest them": a purpose clause, the main subject acts
            elif x.dep_ == "advcl":
                return None, passive
            x = x.head
            continue
        return None, passive
    return None, False


ACTOR2_PREPS = {"against", "on", "upon", "at", "with", "to", "toward", "towards", "into", "over"}
# Fighting done with someone: its "with" names the other side, not an instrument ("attacked
# them with drones").
RECIPROCAL_FIGHTING = frozenset({"exchange", "clash", "fight", "battle", "skirmish", "scuffle", "tussle"})
ACTOR2_PREPS_BY_TYPE: dict[str, set[str]] = {
    "ASSAULT": {"against", "on", "upon", "at", "into", "targeting"},
    "COERCE": {"against", "on", "upon"},
    "SANCTION": {"against", "on", "upon", "to"},
    "CONSULT": {"with", "to", "between"},
    "AGREE": {"with", "to", "between"},
    "COOPERATE": {"with"},
    "AID": {"to", "for"},
    "REQUEST": {"on", "upon", "to"},
    "ACCUSE": {"against", "on"},
    "REJECT": set(),
    "THREATEN": {"against", "on", "with"},
    "PROTEST": {"against"},
    "SUPPORT": {"to", "for"},
    "MOBILIZE": {"against"},
    "RETREAT": set(),
    "CONCEDE": {"to"},
    "OTHER": set(),
}


def _prep_object(tok: Token, preps) -> Token | None:
    """The object of ``tok``'s first preposition in ``preps`` that is not a date ("On 15 March,
    militants fired at a train": the train)."""
    for c in tok.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in preps:
            p = _pobj(c)
            if p is not None and not time_phrase(c):
                return p
    return None


def _agent_below(verb, max_depth: int = 3):
    """The by-agent of a passive found deeper in its clause ("was killed on Monday in an
    ambush by rebels", "was seized and taken by gunmen"), not inside other clauses."""
    frontier = [verb]
    for _ in range(max_depth):
        nxt = []
        for x in frontier:
            for c in x.children:
                if c.dep_ in ("relcl", "ccomp", "advcl", "parataxis", "nsubj", "nsubjpass", "acl", "appos"):
                    continue
                if c.dep_ in ("agent", "prep") and c.lower_ == "by":
                    p = _pobj(c)
                    if p is not None and p.pos_ in ("NOUN", "PROPN", "PRON"):
                        return p
                nxt.append(c)
        frontier = nxt
    return None


def set_participants(t: Trigger) -> None:
    """Candidate heads for actor1 and actor2 from the parse, best first (the caller resolves
    them to Actors and takes the first that names one)."""
    a1s, a2s = _participant_candidates(t)
    seen = set()
    t.actor1_alts = [h for h in a1s if h is not None and not (h.i in seen or seen.add(h.i))]
    t.actor2_alts = [h for h in a2s if h is not None and h.i != t.token.i and h.i not in seen
                     and not seen.add(h.i)]
    t.actor1_head = next((h for h in t.actor1_alts if h.i not in t.fallback1), None)
    t.actor2_head = t.actor2_alts[0] if t.actor2_alts else None
    # Last resort for actor2: the nearest other named party inside the trigger's own clause
    # (kept out of actor2_head, which decides whether a bare noun is an event).
    if t.rule is not DEMAND_RULE:
        for h in _clause_parties(t):
            if h.i != t.token.i and h.i not in seen:
                seen.add(h.i)
                t.actor2_alts.append(h)
                t.fallback2.add(h.i)


# Events two sides do to each other: of SYMMETRIC_TYPES, or told by these verbs ("X and Y clashed").
RECIPROCAL_VERBS = {"clash", "fight", "battle", "skirmish", "meet", "talk", "negotiate", "spar"}


def _between_sides(t: Trigger):
    """The object of "between" of an event noun and its conjunct ("clashes between the militia
    and the army"), or None."""
    side = _prep_object(t.token, {"between"}) if t.nominal else None
    other = _child(side, "conj") if side is not None else None
    return (side, other) if other is not None else None


def _participant_candidates(t: Trigger) -> tuple[list, list]:
    if t.rule is DEMAND_RULE:
        ccomp = next((c for c in t.token.children if c.dep_ == "ccomp"), None)
        return [_child(t.token, "nsubj")], [_child(ccomp, "nsubj") if ccomp is not None else None]
    if t.rule is STATEMENT_RULE:
        # The accused: the reported clause's subject, its by-agent, or who is called names.
        content = next((c for c in t.token.children if c.dep_ in ("ccomp", "oprd", "dobj")), None)
        accused = []
        if content is not None:
            accused = [_child(content, "nsubj"), _prep_object(content, {"by"}) or _agent_below(content),
                       _child(content, "nsubjpass"), _child(content, "dobj")]
            if content.dep_ == "dobj":
                accused.insert(0, content)
        return [_child(t.token, "nsubj")], accused
    if t.inherit_from is not None:
        g = t.inherit_from
        if not getattr(g, "actor1_alts", None) and not getattr(g, "actor2_alts", None):
            set_participants(g)
        return list(g.actor1_alts), list(g.actor2_alts)
    tok, pred = t.token, t.pred
    preps2 = ACTOR2_PREPS_BY_TYPE.get(t.rule.type, set())
    a1s: list = []
    a2s: list = []
    between = _between_sides(t)
    if between is not None:
        a1s.append(between[0])
        a2s.append(between[1])
    if not t.nominal or pred.i != tok.i:
        verb = pred
        subj, passive = _subject(verb)
        if t.undergo:
            a2s.append(subj)
            # "came under fire from gunmen": the from-phrase may hang on the verb
            a1s.append(_prep_object(tok, {"by", "from"}) or _prep_object(verb, {"by", "from"}))
        elif passive:
            a1s.append(_prep_object(verb, {"by"}) or _agent_below(verb))
            a2s.append(subj)
        else:
            a1s.append(subj)
        if verb.lemma_.lower() in RECIPROCAL_FIGHTING or tok.lemma_.lower() in RECIPROCAL_FIGHTING:
            preps2 = preps2 | {"with"}   # "exchanged fire with militants", "clashed with troops": the other side
        if not t.undergo:
            # "give Malawi a loan": the recipient, not the grant, is acted on.
            a2s += [_child(verb, "dative"), _child(verb, "dobj"), _prep_object(verb, preps2)]
            obj = _child(verb, "dobj")
            if not passive and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN") \
                    and (subj is None or subj.i != verb.head.i) \
                    and (obj is None or obj.lower_ in RELATIVE_PRONOUNS):
                a2s.append(verb.head)   # "officials it accused of fraud": the noun is whom
            if verb.i != tok.i:
                a2s.append(_prep_object(tok, preps2))
        if t.nominal:
            a2s.append(_noun_patient(tok, preps2))
            a1s.append(noun_agent(tok))
            frame = frame_noun(tok)
            if frame is not None:   # "declared a state of emergency": the frame noun is no patient
                a2s = [h for h in a2s if h is None or h.i != frame.i]
    else:
        a1s.append(noun_agent(tok))
        a2s.append(_noun_patient(tok, preps2))
        if tok.dep_ == "dobj" and tok.head.pos_ == "VERB" and t.governor is None \
                and tok.lemma_.lower() not in PATIENT_NOUNS:
            # "Canada sped up the withdrawal of ...": the one doing the verb.
            s_, pas = _subject(tok.head)
            if not pas and s_ is not None:
                a1s.append(s_)
                t.fallback1.add(s_.i)
        if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in ("kill", "wound", "injure", "hit", "target"):
            a2s.append(_child(tok.head, "dobj"))
        # "arrived in Amman on a visit", "held talks": the one doing the verb; not a circumstance
        # ("police arrested twelve during a demonstration": the police did not demonstrate).
        if t.type in ("CONSULT", "PROTEST", "MOBILIZE") and tok.dep_ == "pobj" and tok.head.dep_ == "prep" \
                and tok.head.lower_ not in TIME_PREPS:
            v = tok.head.head
            if v.pos_ == "VERB":
                s_, pas = _subject(v)
                if not pas:
                    a1s.append(s_)
    # "called for Serbia to respond": the one asked is actor2.
    if t.type == "REQUEST" and not t.nominal:
        p = _prep_object(pred, {"for"})
        if p is None:   # parsed as a for-to clause: its subject
            for c in pred.children:
                if c.dep_ in ("ccomp", "advcl", "xcomp") and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children):
                    p = _child(c, "nsubj")
        if p is not None and (p.ent_type_ in ("GPE", "ORG", "NORP", "PERSON") or p.pos_ == "PRON"):
            a2s.insert(0, p)
    # "demanded that the junta release ...": the subject of the demanded clause is the one asked.
    if t.type == "REQUEST" and not t.nominal:
        for c in pred.children:
            if c.dep_ == "ccomp":
                subj = _child(c, "nsubj")
                if subj is not None and subj.pos_ in ("NOUN", "PROPN"):
                    a2s.insert(0, subj)
                    break
    # The target of a promised/threatened/requested act ("promised to continue aid to Mozambique").
    if t.type in ("AGREE", "THREATEN", "REQUEST", "REJECT") and not t.nominal:
        for c in pred.children:
            if c.dep_ in ("xcomp", "ccomp"):
                a2s += _clause_targets(c)
    # "threatened a strike unless Israel rescinded ...": a threat is aimed at whoever must meet
    # its condition.
    if t.type == "THREATEN" and not t.nominal:
        a2s += _condition_subjects(pred)
    # "withdraw its troops from Lebanon", "sent aid to Sudan": a country the act is directed at.
    for x in (pred, tok):
        p = _prep_object(x, {"to", "from", "against", "into", "toward", "towards", "with"})
        if p is not None and p.ent_type_ == "GPE":
            a2s.append(p)
    # Last resort: a foreign place the act happens in ("evacuate settlements in the Gaza Strip");
    # the caller drops it when it is the actor's own country.
    for x in (pred, tok):
        p = _prep_object(x, {"in", "inside"})
        if p is not None and p.ent_type_ == "GPE":
            t.location_targets.add(p.i)
            a2s.append(p)
    # Symmetric events: "Iran and the United States began talks", "the army and the militia
    # clashed", "X and Y signed a deal" -> the second conjunct is actor2.
    signed = not t.nominal and t.token.lemma_.lower() == "sign" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in attach.AGREEMENT_NOUNS for c in t.token.children)
    if t.type in SYMMETRIC_TYPES or signed or (not t.nominal and t.token.lemma_.lower() in RECIPROCAL_VERBS):
        first = next((h for h in a1s if h is not None), None)
        if first is not None and _child(first, "conj") is not None:
            a2s.insert(0, _child(first, "conj"))
    return a1s, a2s


def _condition_subjects(pred, max_depth: int = 3) -> list:
    """Subjects of if/unless clauses under ``pred`` (its own clause and the acts it governs)."""
    out, frontier = [], [pred]
    for _ in range(max_depth):
        nxt = []
        for x in frontier:
            for c in x.children:
                if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children):
                    s = _child(c, "nsubj")
                    if s is not None and s.pos_ in ("NOUN", "PROPN"):
                        out.append(s)
                elif c.dep_ in ("xcomp", "ccomp", "conj", "dobj", "acl", "prep", "pobj"):
                    nxt.append(c)
        frontier = nxt
    return out


# Clause parts the party search does not enter: the acting subject, conditions and reasons,
# relative clauses, and the attribution of the report.
_SKIP_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "punct", "parataxis", "relcl", "mark", "aux",
              "auxpass", "neg", "det", "cc", "appos", "npadvmod", "advmod"}
_SKIP_MARKS = COND_MARKS | {"because", "while", "as", "when", "although", "though", "since", "after",
                            "before", "until", "despite"}
_PARTY_ENTS = {"GPE", "NORP", "ORG", "PERSON"}
# Participles that tell a consequence, another act with its own parties ("shelled the town,
# forcing thousands to flee toward the border"): not searched for the first act's parties.
_CONSEQUENCE_VERBS = {"force", "prompt", "cause", "lead", "send", "spark", "trigger", "drive", "push"}


def _clause_parties(t: Trigger, max_depth: int = 5) -> list:
    """Named parties inside the trigger's clause, nearest first (breadth-first over the parse
    below the predicate): "agreed to set up a centre in Tokyo", "complained over two Israeli air
    raids", "will release Prime Minister X". Subjects, conditional or causal clauses, relative
    clauses and speech attributions are not entered; pronouns are not taken."""
    roots = [t.pred] if t.pred.i == t.token.i else [t.pred, t.token]
    out, seen = [], {r.i for r in roots}
    frontier = list(roots)
    for _ in range(max_depth):
        nxt = []
        for x in frontier:
            for c in x.children:
                if c.i in seen or c.dep_ in _SKIP_DEPS:
                    continue
                if c.dep_ in ("advcl", "ccomp", "conj", "xcomp") and (
                        any(m.dep_ == "mark" and m.lower_ in _SKIP_MARKS for m in c.children)
                        or c.lemma_.lower() in SPEECH_VERBS) \
                        or c.dep_ == "advcl" and c.tag_ == "VBG" and c.lemma_.lower() in _CONSEQUENCE_VERBS:
                    continue
                if c.dep_ == "prep" and c.lower_ in ("according", "despite", "because", "after", "before",
                                                     "since", "during", "following", "like", "unlike"):
                    continue
                seen.add(c.i)
                nxt.append(c)
                if c.pos_ in ("NOUN", "PROPN") and (c.ent_type_ in _PARTY_ENTS or c.pos_ == "NOUN") \
                        and c.dep_ not in ("compound",):
                    out.append(c)
                elif c.ent_type_ in ("NORP", "GPE") and c.dep_ in ("amod", "compound", "poss") \
                        and c.head.pos_ in ("NOUN", "PROPN") and c.head.ent_type_ not in _PARTY_ENTS:
                    out.append(c)   # "two Turkish air raids": the raids' nationality
        frontier = nxt
        if not frontier:
            break
    for h in out:
        if h.dep_ == "pobj" and h.head.lower_ in ("in", "inside", "at", "near", "across", "within", "outside",
                                                  "opposite", "beside", "behind", "around") \
                and noun_kind(h) not in ("civilians", "military", "armed_group"):
            # ("fired at a passenger train", "at protesters": people; "outside the ministry": a place)
            t.location_targets.add(h.i)   # "outside parliament": the building, not the body
    return out


def _clause_targets(v) -> list:
    """Who a content clause's act is aimed at: its dative, object, or to/against/with object."""
    out = [_child(v, "dative"), _child(v, "dobj")]
    out.append(_prep_object(v, {"to", "against", "with", "on", "into", "from"}))
    obj = _child(v, "dobj")
    if obj is not None:
        out.append(_prep_object(obj, {"to", "against", "with", "on", "for"}))
    for c in v.children:
        if c.dep_ in ("xcomp", "ccomp"):
            out += [_child(c, "dative"), _child(c, "dobj"), _prep_object(c, {"to", "against", "with", "on"})]
    return out


# Nouns of meetings: a single place before one says where it was held ("US-China talks" pairs
# participants and stays a modifier).
MEETING_NOUNS = {"summit", "talks", "talk", "conference", "meeting", "negotiations", "forum", "meet", "accord",
                 "agreement", "accords", "treaty", "declaration", "process", "round"}


# Adjectives of readiness: "ready for talks" is an offer to hold them, by the one who is ready.
READINESS_WORDS = {"ready", "willing", "prepared", "open"}


def ready_for(tok):
    """The copula or verb whose subject is ready for the event noun ``tok`` ("Moscow was ready for
    direct talks", "said it is open to negotiations"), or None."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ("for", "to"):
        return None
    adj = prep.head
    if adj.pos_ != "ADJ" or adj.lemma_.lower() not in READINESS_WORDS or adj.dep_ not in ("acomp", "oprd"):
        return None
    return adj.head


# Verbs of going somewhere: whoever goes "for talks" takes part in them.
TRAVEL_VERBS = {"travel", "go", "fly", "head", "arrive", "come", "return", "leave", "set", "journey"}


def travels_for(tok):
    """The verb of going whose subject goes for the meeting noun ``tok`` ("will travel to Lima
    for talks", "arrived in Cairo for negotiations"), or None."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "for" or tok.lemma_.lower() not in MEETING_NOUNS:
        return None
    verb = prep.head
    return verb if verb.pos_ == "VERB" and verb.lemma_.lower() in TRAVEL_VERBS else None


def noun_agent(tok):
    """Actor1 of an event noun: its possessor, nationality/name modifier, or by/from phrase; of a
    noun one is ready for or goes for, the one who is ready or goes."""
    patient = tok.lemma_.lower() in PATIENT_NOUNS
    holder = ready_for(tok) or travels_for(tok)
    if holder is not None:
        subj = next((c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj
    for c in tok.children:
        if c.dep_ == "poss" and not patient and c.lower_ not in ("its", "their", "his", "her") :
            return c
    meeting = tok.lemma_.lower() in MEETING_NOUNS
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod") and c.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") \
                and not (meeting and c.ent_type_ == "GPE"):
            return c   # "US strikes", "Kenyan protests"; but "the Lisbon summit" is where, not who
    by = _prep_object(tok, {"by", "from"})
    if by is not None:
        return by
    for c in tok.children:   # "the sit-in staged by nurses"
        if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in SUPPORT_VERBS:
            by = _prep_object(c, {"by"})
            if by is not None:
                return by
    if not patient:
        of = _prep_object(tok, {"of"})   # "a meeting of the Security Council"
        if of is not None and (of.ent_type_ in ("ORG", "GPE", "NORP", "PERSON") or of.pos_ == "PROPN"):
            return of
    for c in tok.children:
        if c.dep_ == "poss" and not patient:
            return c
    return None


def _noun_patient(tok, preps2):
    """Actor2 of an event noun: against/on/with X, or the possessor / of-object of a patient noun."""
    p = _prep_object(tok, preps2)
    if p is not None:
        return p
    if tok.lemma_.lower() in PATIENT_NOUNS:
        of = _prep_object(tok, {"of"})
        if of is not None:
            return of
        poss = _child(tok, "poss")
        if poss is not None:
            return poss
    return None


TOLL_NOUNS = {"toll", "casualty", "casualties", "victim", "victims", "death", "deaths", "survivor", "survivors"}


def in_toll_phrase(tok) -> bool:
    """Is the event noun what a toll is counted for ("the death toll from the hotel attack")?"""
    return tok.dep_ == "pobj" and tok.head.lower_ in ("from", "of", "in") and tok.head.head.lemma_.lower() in TOLL_NOUNS


def noun_is_supported(t: Trigger) -> bool:
    """A bare event noun reports an event only with a support verb, its own participant, or a
    happening verb ("protests erupted"); "the nuclear agreement" alone is no event."""
    tok = t.token
    if t.pred.i != tok.i:
        return True
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in HAPPEN_VERBS:
        return True
    if in_toll_phrase(tok):
        return True   # "the death toll from the hotel attack": a toll presupposes its event
    framed = frame_noun(tok) or tok
    if framed.dep_ == "pobj" and framed.head.lower_ in ("in", "during") \
            and framed.head.head.lemma_.lower() in CASUALTY_VERBS:
        return True   # "died in an exchange of fire", "was wounded in the attack"
    if t.actor1_head is not None or t.actor2_head is not None:
        return True
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "at", "near", "on", "across", "along", "outside", "inside"):
            return True
        if c.ent_type_ == "DATE" or (c.dep_ in ("nmod", "compound") and c.ent_type_ == "DATE"):
            return True
        if c.dep_ == "relcl":
            return True
    return False
