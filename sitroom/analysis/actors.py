"""Who acts on whom: the actor network and the ranked actor table.

In: a DuckDB cursor over a sitroom store and ``query.Filters`` (rejected events
are hidden by ``query.where_clause`` unless the filters ask for them).
Out: pandas frames, and an ``ActorNetwork`` with node positions ready to draw.

* A node is an actor key (``names.actor_key_sql``: the canonical id, else the
  name), shown by its label (most frequent name; "civilians (Pakistan)" for a
  country's group); its size is the number of filtered events it takes part in,
  on either side. A generic word in two countries is two actors.
* A directed edge actor1 -> actor2 counts the events in which actor1 acts on
  actor2; its colour is the edge's dominant PLOVER quad class (the class with
  most events; events of type OTHER have no class and count as "other").
* ``top_n`` keeps the network readable: only the N actors with most events are
  drawn, with the edges among them; the table keeps every actor.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import taxonomy
from ..names import actor_key_sql, actor_label
from ..query import Filters, actor_names, actor_profiles, where_clause

OTHER_QUAD = "other"
# Tie-break order for the dominant class: conflict first, because an edge that
# is half attacks and half talks is one an analyst should see as conflict.
QUAD_ORDER = (taxonomy.MATERIAL_CONFLICT, taxonomy.VERBAL_CONFLICT, taxonomy.MATERIAL_COOPERATION,
              taxonomy.VERBAL_COOPERATION, OTHER_QUAD)
QUAD_COLUMNS = {q: q.replace(" ", "_") for q in QUAD_ORDER}   # column names for per-class counts
CONFLICT_QUADS = (taxonomy.MATERIAL_CONFLICT, taxonomy.VERBAL_CONFLICT)
COOPERATION_QUADS = (taxonomy.MATERIAL_COOPERATION, taxonomy.VERBAL_COOPERATION)


def _quad_counts_sql(alias: str = "e") -> str:
    parts = [f"count(*) FILTER (WHERE {alias}.quad_class = '{q}') AS {QUAD_COLUMNS[q]}"
             for q in QUAD_ORDER if q != OTHER_QUAD]
    parts.append(f"count(*) FILTER (WHERE {alias}.quad_class IS NULL) AS {QUAD_COLUMNS[OTHER_QUAD]}")
    return ", ".join(parts)


def dominant_quad(row: pd.Series | dict) -> str:
    """The quad class with most events in a row of per-class counts (ties: conflict first)."""
    best, best_n = OTHER_QUAD, -1
    for q in QUAD_ORDER:
        n = int(row.get(QUAD_COLUMNS[q], 0) or 0)
        if n > best_n:
            best, best_n = q, n
    return best


def _labels(cur, labels: dict[str, str] | None) -> dict[str, str]:
    return labels if labels is not None else actor_names(cur)


def actor_pairs(cur, f: Filters) -> pd.DataFrame:
    """The filtered events grouped by (actor1 key, actor2 key): one scan that both the network's
    edges and the ranked table are derived from. Columns: source, target (either may be
    missing), events, one count per quad class (QUAD_COLUMNS), fatalities, first_date, last_date."""
    where, args = where_clause(f)
    k1, k2 = actor_key_sql(1), actor_key_sql(2)
    return cur.execute(f"""
        SELECT {k1} AS source, {k2} AS target, count(*) AS events, {_quad_counts_sql()},
               CAST(coalesce(sum(e.fatalities), 0) AS BIGINT) AS fatalities,
               min(e.event_date) AS first_date, max(e.event_date) AS last_date
        FROM events_current e WHERE {where} AND ({k1} IS NOT NULL OR {k2} IS NOT NULL)
        GROUP BY 1, 2""", args).df()


SUMMED = ("events", *QUAD_COLUMNS.values(), "fatalities")


def edges_from_pairs(pairs: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Directed edges between two different known actors (see ``actor_edges``)."""
    cols = ["source", "target", "events", *QUAD_COLUMNS.values(), "fatalities", "last_date", "dominant_quad",
            "source_label", "target_label"]
    df = pairs[pairs["source"].notna() & pairs["target"].notna() & (pairs["source"] != pairs["target"])]
    if df.empty:
        return pd.DataFrame(columns=cols)
    df = df.sort_values(["events", "source", "target"], ascending=[False, True, True], ignore_index=True)
    # The class with most events, ties to the first in QUAD_ORDER (conflict first), as dominant_quad().
    counts = df[[QUAD_COLUMNS[q] for q in QUAD_ORDER]].to_numpy()
    df["dominant_quad"] = np.asarray(QUAD_ORDER, dtype=object)[counts.argmax(axis=1)]
    df["source_label"] = _label_column(df["source"], names)
    df["target_label"] = _label_column(df["target"], names)
    return df[cols]


def _label_column(keys: pd.Series, names: dict[str, str]) -> pd.Series:
    """Labels of actor keys: the known label, else ``actor_label`` of the key itself."""
    out = keys.map(names).astype(object)
    missing = out.isna()
    if missing.any():
        out[missing] = keys[missing].map({k: actor_label(k) for k in keys[missing].unique()})
    return out


def actor_edges(cur, f: Filters, *, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Directed edges: source (actor1 key), target (actor2 key), source_label, target_label,
    events, per-class counts, fatalities, dominant_quad. Self-loops and one-sided events
    are left out. ``labels``: actor key -> label (``query.actor_names``; looked up when None)."""
    pairs = actor_pairs(cur, f)
    return edges_from_pairs(pairs, _labels(cur, labels) if len(pairs) else {})


def table_from_pairs(pairs: pd.DataFrame, names: dict[str, str], profiles: pd.DataFrame | None) -> pd.DataFrame:
    """The ranked actor table (see ``actor_table``) from an ``actor_pairs`` frame."""
    cols = ["rank", "actor", "label", "country", "kind", *SUMMED, "first_date", "last_date", "as_actor1",
            "as_actor2", "partners", "conflict_share"]
    one = pairs[pairs["source"].notna()].rename(columns={"source": "actor", "target": "partner"})
    two = pairs[pairs["target"].notna()].rename(columns={"target": "actor", "source": "partner"})
    if one.empty and two.empty:
        return pd.DataFrame(columns=cols)
    # An actor on both sides of one event counts once: its self-pairs, counted on both sides, once less.
    same = one[one["partner"] == one["actor"]]
    counted = pd.concat([one, two, same.assign(**{c: -same[c] for c in SUMMED})], ignore_index=True)
    agg = counted.groupby("actor")[list(SUMMED)].sum()
    dates = pd.concat([one, two]).groupby("actor").agg(first_date=("first_date", "min"),
                                                        last_date=("last_date", "max"))
    agg = agg.join(dates)
    agg["as_actor1"] = one.groupby("actor")["events"].sum()
    agg["as_actor2"] = two.groupby("actor")["events"].sum()
    linked = pd.concat([one, two])
    linked = linked[linked["partner"].notna() & (linked["partner"] != linked["actor"])]
    agg["partners"] = linked.groupby("actor")["partner"].nunique()
    agg = agg.fillna({"as_actor1": 0, "as_actor2": 0, "partners": 0}).reset_index()
    agg = agg.astype({c: int for c in (*SUMMED, "as_actor1", "as_actor2", "partners")})
    prof = profiles.set_index("key") if profiles is not None and len(profiles) else None
    agg["country"] = agg["actor"].map(prof["country"]) if prof is not None else None
    agg["kind"] = agg["actor"].map(prof["kind"]) if prof is not None else None
    df = agg.sort_values(["events", "actor"], ascending=[False, True], ignore_index=True)
    conflict = sum(df[QUAD_COLUMNS[q]] for q in CONFLICT_QUADS)
    classed = conflict + sum(df[QUAD_COLUMNS[q]] for q in COOPERATION_QUADS)
    df["conflict_share"] = (conflict / classed.where(classed > 0)).round(2)
    df["rank"] = range(1, len(df) + 1)
    df["label"] = _label_column(df["actor"], names)
    return df[cols]


def actor_table(cur, f: Filters, *, labels: dict[str, str] | None = None,
                profiles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every actor in the filtered events, ranked by events (either side).

    Columns: rank, actor (the key: canonical id, else name), label, country, kind
    (the entity's most frequent values in the database, ``query.actor_profiles``),
    events, as_actor1, as_actor2, partners (distinct counterparts), per-class
    counts, conflict_share (conflict events / events with a class), fatalities
    (each event once), first_date, last_date.
    """
    pairs = actor_pairs(cur, f)
    if not len(pairs):
        return table_from_pairs(pairs, {}, None)
    return table_from_pairs(pairs, _labels(cur, labels), profiles if profiles is not None else actor_profiles(cur))


@dataclass(frozen=True)
class ActorNetwork:
    """Nodes (actor key, label, events, country, kind, conflict_share, x, y) and edges
    (source, target keys and labels, events, dominant_quad, x0, y0, x1, y1) of the top-N actors."""
    nodes: pd.DataFrame
    edges: pd.DataFrame
    total_actors: int
    total_edges: int

    @property
    def truncated(self) -> bool:
        return len(self.nodes) < self.total_actors


def build_network(*, table: pd.DataFrame, edges: pd.DataFrame, top_n: int = 50, seed: int = 7,
                  iterations: int | None = None, linked_only: bool = False) -> ActorNetwork:
    """Keep the ``top_n`` actors of ``table`` (ranked) and the edges among them; lay them out.

    ``linked_only`` first drops actors with no counterpart in any event: in news, many
    actors appear once with nobody acted on, and they say nothing about who acts on whom.
    """
    n_all = len(table)
    if linked_only and len(table):
        linked = set(edges["source"]) | set(edges["target"])
        table = table[table["actor"].isin(linked)]
    nodes = table.head(max(1, int(top_n))).reset_index(drop=True).copy()
    keep = set(nodes["actor"])
    sub = edges[edges["source"].isin(keep) & edges["target"].isin(keep)].reset_index(drop=True).copy()
    index = {a: i for i, a in enumerate(nodes["actor"])}
    pairs = [(index[s], index[t], float(w)) for s, t, w in zip(sub["source"], sub["target"], sub["events"])]
    pos = spring_layout(n=len(nodes), edges=pairs, seed=seed, iterations=iterations)
    nodes["x"], nodes["y"] = pos[:, 0], pos[:, 1]
    if len(sub):
        sub["x0"] = [pos[index[s], 0] for s in sub["source"]]
        sub["y0"] = [pos[index[s], 1] for s in sub["source"]]
        sub["x1"] = [pos[index[t], 0] for t in sub["target"]]
        sub["y1"] = [pos[index[t], 1] for t in sub["target"]]
    else:
        for c in ("x0", "y0", "x1", "y1"):
            sub[c] = pd.Series(dtype=float)
    return ActorNetwork(nodes=nodes, edges=sub, total_actors=n_all, total_edges=len(edges))


def actor_network(cur, f: Filters, *, top_n: int = 50, seed: int = 7, linked_only: bool = False,
                  labels: dict[str, str] | None = None, profiles: pd.DataFrame | None = None) -> ActorNetwork:
    """The filtered events' actor network, limited to the ``top_n`` busiest actors."""
    table, edges = actor_analysis(cur, f, labels=labels, profiles=profiles)
    return build_network(table=table, edges=edges, top_n=top_n, seed=seed, linked_only=linked_only)


def actor_analysis(cur, f: Filters, *, labels: dict[str, str] | None = None,
                   profiles: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(ranked actor table, edges) from one scan of the filtered events."""
    pairs = actor_pairs(cur, f)
    names = _labels(cur, labels) if len(pairs) else {}
    prof = (profiles if profiles is not None else actor_profiles(cur)) if len(pairs) else None
    return table_from_pairs(pairs, names, prof), edges_from_pairs(pairs, names)


ATTRACTION = 0.3
GRAVITY = 1.0


def spring_layout(*, n: int, edges: list[tuple[int, int, float]], seed: int = 7,
                  iterations: int | None = None) -> np.ndarray:
    """Fruchterman-Reingold positions in [-1, 1]^2 for n nodes (deterministic for a seed).

    Edge weights pull with log(1 + events) so one very busy pair does not
    collapse the picture. News networks are mostly small separate clusters; a
    pull to the centre (GRAVITY) packs them, and a softened attraction keeps
    linked actors a link's length apart instead of on top of each other (tuned on
    the VOA sample: median link length close to the mean spacing of actors).
    Cost is O(n^2) per iteration: 300 nodes take about 0.5 s on one core, so
    large networks get fewer iterations unless told otherwise.
    """
    iterations = iterations or (150 if n <= 100 else 80)
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    rng = np.random.default_rng(seed)
    # Start on a circle in rank order, so the busiest actors begin apart.
    angle = np.linspace(0, 2 * np.pi, n, endpoint=False)
    pos = np.c_[np.cos(angle), np.sin(angle)] + rng.normal(scale=0.05, size=(n, 2))
    w = np.zeros((n, n))
    for i, j, weight in edges:
        if i != j:
            w[i, j] += np.log1p(weight)
            w[j, i] += np.log1p(weight)
    k = 1.0 / np.sqrt(n)
    temp = 0.2
    for it in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=-1), 1e-3)
        force = (k * k / dist) - ATTRACTION * (w * dist * dist / k)     # repulsion minus attraction
        np.fill_diagonal(force, 0.0)
        disp = (delta / dist[..., None] * force[..., None]).sum(axis=1) - GRAVITY * pos
        length = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, temp)[:, None]
        temp = 0.2 * (1 - (it + 1) / iterations) + 0.002     # cool down linearly
    pos -= pos.mean(axis=0)
    scale = np.abs(pos).max() or 1.0
    return pos / scale
