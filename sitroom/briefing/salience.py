"""How "important" an event is, for ranking a briefing's key events.

    casualties = fatalities + 0.5 * injuries
    salience   = 0.35 * severity(type)                               # taxonomy: ASSAULT 1.0 ... OTHER 0.1
               + 0.25 * min(1, log(1 + n_sources)  / log(1 + 10))    # corroboration, saturates at 10 articles
               + 0.25 * min(1, log(1 + casualties) / log(1 + 100))   # human cost, saturates at 100
               + 0.15 * confidence                                   # extractor's certainty, 0..1

Every term is in 0..1, so salience is too. Logs make the first sources and the
first casualties count most: an event reported by 2 outlets is much better
established than one reported by 1, while 9 vs 10 barely matters. Severity
carries most weight because a briefing leads with violence and coercion;
confidence the least because it says how sure the machine is, not how much the
event matters. Pinned events go first whatever their score.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import taxonomy

WEIGHTS = {"severity": 0.35, "sources": 0.25, "casualties": 0.25, "confidence": 0.15}
SOURCES_CAP = 10
CASUALTIES_CAP = 100

FORMULA = ("salience = 0.35 × severity of the event type (PLOVER; ASSAULT 1.0 … OTHER 0.1) "
           "+ 0.25 × log(1 + sources) / log(11) (capped at 1) "
           "+ 0.25 × log(1 + killed + 0.5 × injured) / log(101) (capped at 1) "
           "+ 0.15 × extractor confidence. Pinned events come first.")


def salience_one(*, event_type: str | None, n_sources: int | None, fatalities: int | None,
                 injuries: int | None, confidence: float | None) -> float:
    """Salience of one event (see the module docstring)."""
    cas = (fatalities or 0) + 0.5 * (injuries or 0)
    return (WEIGHTS["severity"] * taxonomy.severity(event_type)
            + WEIGHTS["sources"] * min(1.0, math.log1p(max(n_sources or 1, 1)) / math.log1p(SOURCES_CAP))
            + WEIGHTS["casualties"] * min(1.0, math.log1p(cas) / math.log1p(CASUALTIES_CAP))
            + WEIGHTS["confidence"] * float(confidence if confidence is not None else 0.5))


def salience(df: pd.DataFrame) -> pd.Series:
    """Vectorised salience for an events frame (columns as ``query.events`` returns)."""
    if df.empty:
        return pd.Series(dtype=float, index=df.index)
    sev = df["event_type"].map(taxonomy.severity).astype(float)
    src = pd.to_numeric(df["n_sources"], errors="coerce").fillna(1).clip(lower=1).astype(float)
    dead = pd.to_numeric(df["fatalities"], errors="coerce").fillna(0).astype(float)
    hurt = pd.to_numeric(df["injuries"], errors="coerce").fillna(0).astype(float)
    conf = pd.to_numeric(df["confidence"], errors="coerce").fillna(0.5).astype(float)
    s = (WEIGHTS["severity"] * sev
         + WEIGHTS["sources"] * np.minimum(1.0, np.log1p(src) / math.log1p(SOURCES_CAP))
         + WEIGHTS["casualties"] * np.minimum(1.0, np.log1p(dead + 0.5 * hurt) / math.log1p(CASUALTIES_CAP))
         + WEIGHTS["confidence"] * conf)
    return s.round(4)
