"""Trends: what is rising, per country and per actor, and the cooperation/conflict balance.

Each row compares the current period (ending at the filters' end date, or the
newest event) with the mean of the previous periods of the same length; a surge
is a large relative rise on a meaningful base (rule shown on the page).
"""
from __future__ import annotations

import streamlit as st

from components import reads
from components.filters import current_filters, filters_caption
from components.labels import country_name
from components.prefetch import (DEFAULT_SURGE_RULE, DEFAULT_TREND_BY, DEFAULT_TREND_DAYS, TREND_BY, TREND_DAYS,
                                 balance_freq)
from components.safe import md
from components.trends_view import balance, comparison, on_table_select, readable, table_config
from sitroom.analysis import trends
from sitroom.analysis.figures import balance_figure, comparison_figure
from sitroom.figures import PLOTLY_CONFIG

f = current_filters()
st.title("Trends")
filters_caption(f)

c = st.columns(6)
by = (c[0].segmented_control("Compare", list(TREND_BY), default=DEFAULT_TREND_BY, key="tr_by")
      or DEFAULT_TREND_BY)
days = c[1].selectbox("Period", list(TREND_DAYS), index=TREND_DAYS.index(DEFAULT_TREND_DAYS), key="tr_days",
                      format_func=lambda d: f"{d} days")
k = c[2].number_input("Previous periods", 1, 26, DEFAULT_SURGE_RULE.k, key="tr_k",
                      help="How many earlier periods form the baseline")
ratio = c[3].number_input("Surge ratio", 1.1, 10.0, DEFAULT_SURGE_RULE.ratio, 0.1, key="tr_ratio",
                          help="now ≥ ratio × baseline")
min_count = c[4].number_input("Minimum events", 1, 1000, DEFAULT_SURGE_RULE.min_count, key="tr_min",
                              help="now ≥ this many events")
min_base = c[5].number_input("Minimum baseline", 0.0, 1000.0, DEFAULT_SURGE_RULE.min_base, 0.5, key="tr_base",
                             help="A rise from less than this many events per period is 'new', not a surge")
rule = trends.SurgeRule(k=int(k), ratio=float(ratio), min_count=int(min_count), min_base=float(min_base))

table, windows = comparison(f, by=by, days=int(days), rule=rule)
if not windows:
    st.info("No events match these filters.")
    st.stop()
lo, hi = windows[-1]
st.caption(f"Current period {lo:%d %b %Y} – {hi:%d %b %Y}; baseline: the {rule.k} periods before it. "
           f"Rule: {rule.describe()}. The filters' start date is ignored here so the baseline can reach back; "
           "background events never count.")

names = ({k: country_name(k) for k in table["key"]} if by == "country" else reads.actor_names())
surges = table[table["surge"]]
if len(surges):
    st.warning(f"{len(surges)} surge{'s' if len(surges) != 1 else ''}: "
               + ", ".join(f"{md(names.get(r.key, r.key))} ({r.current} vs {r.baseline:g})"
                           for r in surges.head(8).itertuples()), icon=":material/trending_up:")
elif not table.empty:
    st.caption("No surge in the current period.")
left, right = st.columns([3, 2])
with left:
    show = readable(table, windows, by=by)
    keys = list(show["key"])
    tkey = f"tr_table_{abs(hash((repr(f), by, days, repr(rule)))) % 10**8}"
    st.dataframe(show, hide_index=True, width="stretch", height=460, column_config=table_config(by), key=tkey,
                 on_select=lambda: on_table_select(tkey, by, keys), selection_mode="single-row")
    st.caption(f"Select a row to filter the dashboard to that {by}.")
with right:
    st.plotly_chart(comparison_figure(table=table, labels=trends.period_labels(windows), top=15,
                                      title="Now vs baseline (▲ surge)", names=names),
                    config=PLOTLY_CONFIG, key="tr_cmp")

st.subheader("Cooperation vs conflict")
freq = st.segmented_control("Per", ["day", "week", "month"], default=balance_freq(f), key="tr_freq") or "week"
bal = balance(f, freq=freq)
st.plotly_chart(balance_figure(balance=bal, freq=freq), config=PLOTLY_CONFIG, key="tr_balance")
st.caption("Bars: cooperation above zero, conflict below, by PLOVER quad class. Line: balance = "
           "(cooperation − conflict) / (cooperation + conflict), from −1 (all conflict) to +1 (all cooperation); "
           "OTHER events have no class and are left out.")
