"""Analysis over the filtered events: who acts on whom, and what is changing.

``actors``  actor network and ranked actor table (cursor + Filters in, frames out)
``trends``  period-over-period counts with surge flags; cooperation/conflict balance
``figures`` pure plotly builders for the frames above (no database, no streamlit)
"""
