"""The page registry (no streamlit import, so tests can read it too)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (file, title, icon). Icons are Material Symbols bundled with Streamlit: no CDN.
CORE_PAGES = [("pages/overview.py", "Overview", ":material/dashboard:"),
              ("pages/timeline.py", "Timeline", ":material/bar_chart:"),
              ("pages/map.py", "Map", ":material/map:"),
              ("pages/events.py", "Events", ":material/table_rows:")]
# Written by another engineer; registered only when the file exists so the app runs either way.
OPTIONAL_PAGES = [("pages/actors.py", "Actors", ":material/groups:"),
                  ("pages/trends.py", "Trends", ":material/trending_up:"),
                  ("pages/briefing.py", "Briefing", ":material/summarize:"),
                  ("pages/ingest.py", "Ingest", ":material/upload_file:")]


def registered_pages(root: Path = ROOT) -> list[tuple[str, str, str]]:
    """Every page the app serves, in menu order."""
    return CORE_PAGES + [p for p in OPTIONAL_PAGES if (root / p[0]).exists()]


def url_path(file: str) -> str:
    """The URL path Streamlit gives a page file ('' for the default first page)."""
    return "" if file == CORE_PAGES[0][0] else Path(file).stem
