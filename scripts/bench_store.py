"""Store and query speed at dashboard scale: a 100k-event fixture database.

Prints the time of each query the dashboard runs on a page load, so the claim
"stays usable at 100k events" is a measured figure, not a hope.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitroom import query  # noqa: E402
from sitroom.fixtures import build_fixture_db  # noqa: E402
from sitroom.store import Store  # noqa: E402


def timed(label: str, fn, rows: list) -> object:
    t = time.perf_counter()
    out = fn()
    rows.append((label, time.perf_counter() - t))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=100_000)
    args = ap.parse_args()
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        timed(f"build fixture db ({args.events} events)", lambda: build_fixture_db(path, n_events=args.events,
                                                                                 days=730), rows)
        store = Store(path)
        cur = store.cursor()
        f = query.Filters()
        narrow = query.Filters(countries=("IRQ",), types=("ASSAULT",), text="base")
        timed("headline counts (all)", lambda: query.headline_counts(cur, f), rows)
        timed("timeline by week (all)", lambda: query.timeline(cur, f, "week"), rows)
        timed("events table, first 1000 (all)", lambda: query.events(cur, f, limit=1000), rows)
        timed("events table (country+type+text)", lambda: query.events(cur, narrow), rows)
        pts, agg = timed("map points (aggregated above 5000)", lambda: query.map_points(cur, f, limit=5000), rows)
        timed("filter options", lambda: query.filter_options(cur), rows)
        eid = query.events(cur, f, limit=1).event_id.iloc[0]
        timed("one edit", lambda: store.add_edit(eid, "status", "confirmed", author="bench"), rows)
        timed("headline counts after an edit", lambda: query.headline_counts(cur, f), rows)
        store.close()
    print(f"{'store / query at scale':44} seconds")
    for label, secs in rows:
        print(f"  {label:42} {secs:8.3f}")
    print(f"  map: {len(pts)} markers drawn for {args.events} events (aggregated={agg})")
    print(f"  peak memory (RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
