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
from ..query import Filters, actor_names, where_clause

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


def actor_edges(cur, f: Filters, *, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Directed edges: source (actor1 key), target (actor2 key), source_label, target_label,
    events, per-class counts, fatalities, dominant_quad. Self-loops and one-sided events
    are left out. ``labels``: actor key -> label (``query.actor_names``; looked up when None)."""
    where, args = where_clause(f)
    k1, k2 = actor_key_sql(1), actor_key_sql(2)
    df = cur.execute(f"""
        SELECT {k1} AS source, {k2} AS target, count(*) AS events, {_quad_counts_sql()},
               CAST(coalesce(sum(e.fatalities), 0) AS BIGINT) AS fatalities, max(e.event_date) AS last_date
        FROM events_current e
        WHERE {where} AND {k1} IS NOT NULL AND {k2} IS NOT NULL AND {k1} <> {k2}
        GROUP BY 1, 2 ORDER BY events DESC, source, target""", args).df()
    df["dominant_quad"] = [dominant_quad(r) for r in df.to_dict("records")] if len(df) else pd.Series(dtype=str)
    names = _labels(cur, labels) if len(df) else {}
    df["source_label"] = [names.get(k) or actor_label(k) for k in df["source"]]
    df["target_label"] = [names.get(k) or actor_label(k) for k in df["target"]]
    return df


def actor_table(cur, f: Filters, *, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Every actor in the filtered events, ranked by events (either side).

    Columns: rank, actor (the key: canonical id, else name), label, country, kind
    (most frequent values), events, as_actor1, as_actor2, partners (distinct
    counterparts), per-class counts, conflict_share (conflict events / events with
    a class), fatalities (each event once), first_date, last_date.
    """
    where, args = where_clause(f)
    side = """SELECT e.event_id, {key} AS actor, e.actor{n}_country AS country, e.actor{n}_kind AS kind,
                     {n} AS side, {partner} AS partner, e.quad_class, e.fatalities, e.event_date
              FROM events_current e WHERE {where} AND {key} IS NOT NULL"""
    one = side.format(n=1, key=actor_key_sql(1), partner=actor_key_sql(2), where=where)
    two = side.format(n=2, key=actor_key_sql(2), partner=actor_key_sql(1), where=where)
    df = cur.execute(f"""
        WITH x AS ({one} UNION ALL {two}),
        per_event AS (  -- an actor on both sides of one event counts once
            SELECT actor, event_id, any_value(country) AS country, any_value(kind) AS kind,
                   bool_or(side = 1) AS was1, bool_or(side = 2) AS was2, any_value(quad_class) AS quad_class,
                   any_value(fatalities) AS fatalities, any_value(event_date) AS event_date
            FROM x GROUP BY actor, event_id),
        partners AS (SELECT actor, count(DISTINCT partner) AS partners FROM x
                     WHERE partner IS NOT NULL AND partner <> actor GROUP BY actor),
        agg AS (
            SELECT p.actor, mode(p.country) AS country, mode(p.kind) AS kind, count(*) AS events,
                   count(*) FILTER (WHERE was1) AS as_actor1, count(*) FILTER (WHERE was2) AS as_actor2,
                   {_quad_counts_sql('p')}, CAST(coalesce(sum(p.fatalities), 0) AS BIGINT) AS fatalities,
                   min(p.event_date) AS first_date, max(p.event_date) AS last_date
            FROM per_event p GROUP BY p.actor)
        SELECT agg.* , coalesce(partners.partners, 0) AS partners
        FROM agg LEFT JOIN partners USING (actor) ORDER BY events DESC, actor""", args + args).df()
    conflict = sum(df[QUAD_COLUMNS[q]] for q in CONFLICT_QUADS)
    classed = conflict + sum(df[QUAD_COLUMNS[q]] for q in COOPERATION_QUADS)
    df["conflict_share"] = (conflict / classed.where(classed > 0)).round(2)
    names = _labels(cur, labels) if len(df) else {}
    df.insert(0, "rank", range(1, len(df) + 1))
    df.insert(2, "label", [names.get(k) or actor_label(k) for k in df["actor"]])
    return df


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
                  labels: dict[str, str] | None = None) -> ActorNetwork:
    """The filtered events' actor network, limited to the ``top_n`` busiest actors."""
    labels = _labels(cur, labels)
    return build_network(table=actor_table(cur, f, labels=labels), edges=actor_edges(cur, f, labels=labels),
                         top_n=top_n, seed=seed, linked_only=linked_only)


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
