"""sitroom: news articles in, an evidence-backed events table out.

The package is the UI-free core: it never imports streamlit.
"""
__version__ = "0.1.0"
