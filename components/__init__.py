"""Reusable Streamlit pieces of the dashboard (floor 4): filters, cached queries, event card.

Pages import from here; nothing in ``sitroom/`` imports this package.
"""
