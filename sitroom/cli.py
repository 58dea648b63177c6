"""The ``sitroom`` command: a thin layer over the core's functions."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click

from .settings import ROOT, describe, load_settings


def _settings(db=None):
    return load_settings(db=db)


def _open_out(path: str):
    return sys.stdout if path == "-" else open(path, "w", encoding="utf-8")


def _read_articles(path: Path):
    """The good articles of a file; each refused record and note is reported on stderr
    (file and line) and the rest goes on. A file with no article at all is an error."""
    from .loader import load_path
    result = load_path(path)
    for problem in result.refused:
        click.echo(f"refused {problem}", err=True)
    for note in result.notes:
        click.echo(f"note {note}", err=True)
    if not result.articles and result.refused:
        raise click.ClickException(f"{path}: no article could be read")
    return result.articles


def _open_store(db, *, read_only: bool = False):
    """The database as a shared Store (connections per use, let go when another process waits)."""
    from .store import Store, StoreError
    try:
        return Store(_settings(db).db, read_only=read_only, shared=True)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def _extractor(settings, workers):
    """Extraction on ``workers`` processes (default: every core), the pool closed with the command."""
    from .parallel import ParallelExtractor
    extractor = ParallelExtractor(settings=settings, workers=workers)
    click.get_current_context().call_on_close(extractor.close)
    return extractor


SETTINGS_HELP = "\n".join(f"  {env:26} {help_} (default: {default})" for env, default, help_ in describe())


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110},
             epilog="Settings (environment variables):\n\n" + SETTINGS_HELP.replace("\n", "\n\n"))
@click.version_option(package_name="sitroom")
def main():
    """sitroom: news articles in, an evidence-backed events table and dashboard out."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--db", type=click.Path(path_type=Path), help="DuckDB file (default: SITROOM_DB or data/sitroom.duckdb).")
@click.option("--batch-size", type=int, default=None, help="Articles per transaction.")
@click.option("--workers", type=int, default=None, help="Extraction processes (default: every core).")
def ingest(paths, db, batch_size, workers):
    """Read articles from files and folders (.txt dumps, .jsonl, .json, .csv, .html, RSS/Atom)
    and store them with their events. Articles already stored are skipped. Safe while the
    dashboard runs on the same database: the file is opened only to store each batch."""
    from .extract import load_resources
    from .ingest import ingest_paths
    from .loader import walk
    from .store import StoreError
    s = _settings(db)
    store = _open_store(db)
    click.echo("loading models and gazetteer ...", err=True)
    res = load_resources(s)
    n_files = len(walk(list(paths))[0])  # a listing, not a read: files are parsed once
    try:
        with click.progressbar(length=max(n_files, 1), label="files", file=sys.stderr, show_pos=True) as bar:
            report = ingest_paths(paths, store=store, resources=res, batch_size=batch_size or s.batch_size,
                                  progress=bar.update, extractor=_extractor(s, workers))
    except StoreError as exc:
        raise click.ClickException(f"{exc} (batches stored before this one are kept)") from exc
    store.close()
    for line in report.lines():
        click.echo(line)
    click.echo(f"database: {s.db}")
    if not report.ok:
        sys.exit(1)


@main.command()
@click.argument("articles", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", default="-", show_default=True, help="Events JSONL file, or - for stdout.")
@click.option("--all", "all_mentions", is_flag=True,
              help="Every extracted event, not only headline and confident ones (SITROOM_EVENT_CONFIDENCE).")
@click.option("--workers", type=int, default=None, help="Extraction processes (default: every core).")
def extract(articles, output, all_mentions, workers):
    """Extract events from an articles file (no database involved).

    Writes one flat event per line: the columns of ../shared/eval/README.md plus extras. By
    default only a story's headline events and dated events whose confidence reaches
    SITROOM_EVENT_CONFIDENCE are written, as the dashboard shows them."""
    from .extract import load_resources
    from .query import in_default_view
    from .schema import column_names
    items = _read_articles(articles)
    s = _settings()
    res = load_resources(s)
    cols = column_names("events")
    n = 0
    with _open_out(output) as out:
        for _, events in _extractor(s, workers)(items, resources=res):
            for ev in events:
                if not all_mentions and not in_default_view(ev, s.event_confidence):
                    continue
                out.write(json.dumps({c: ev.get(c) for c in cols}, ensure_ascii=False, default=str) + "\n")
                n += 1
    click.echo(f"{n} events from {len(items)} articles", err=True)


@main.command()
@click.argument("articles", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", default="-", show_default=True, help="Places JSONL file, or - for stdout.")
def geoparse(articles, output):
    """Find and resolve place mentions in an articles file (one mention per line)."""
    from .extract import geoparse as geoparse_article, load_resources
    items = _read_articles(articles)
    res = load_resources(_settings())
    n = 0
    with _open_out(output) as out:
        for a in items:
            for row in geoparse_article(a, resources=res):
                out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                n += 1
    click.echo(f"{n} place mentions in {len(items)} articles", err=True)


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--every", default="15m", show_default=True, help="Polling interval: 90s, 15m, 1h ...")
@click.option("--once", is_flag=True, help="Poll every source once, then stop.")
@click.option("--db", type=click.Path(path_type=Path), help="DuckDB file (default: SITROOM_DB).")
@click.option("--no-follow", is_flag=True, help="Keep feed summaries; do not fetch each item's page.")
@click.option("--timeout", type=float, default=20.0, show_default=True, help="Seconds to wait for a source.")
@click.option("--log", "log_file", type=click.Path(path_type=Path), default=None, help="Also log to this file.")
def watch(sources, every, once, db, no_follow, timeout, log_file):
    """Poll feeds and link lists (URLs or local files) and ingest each new item once; a source
    that is down, slow or malformed is logged and tried again next time. Stop with Ctrl-C."""
    import logging
    from .extract import load_resources
    from .watch import parse_every, watch as run
    try:
        seconds = parse_every(every)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--every") from exc
    handlers = [logging.StreamHandler(sys.stderr)] + ([logging.FileHandler(log_file)] if log_file else [])
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", handlers=handlers, force=True)
    store = _open_store(db)
    res = load_resources(_settings(db))
    passes = run(store, list(sources), every=seconds, resources=res, once=once, follow=not no_follow,
                 timeout=timeout)
    store.close()
    click.echo(f"{passes} polls of {len(sources)} sources", err=True)


@main.command("build-gazetteer")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Index file (default: SITROOM_GAZETTEER).")
def build_gazetteer_cmd(output):
    """Build the offline gazetteer index from packaged GeoNames data and data/places/."""
    from .geo import build_gazetteer
    s = _settings()
    out = output or s.gazetteer
    out.parent.mkdir(parents=True, exist_ok=True)
    counts = build_gazetteer(out, places_dir=s.places_dir)
    click.echo(f"gazetteer: {out} {counts}")


@main.command("train-places")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Model JSON (default: sitroom/geo/place_ranker.json, the one inference reads).")
def train_places_cmd(output):
    """Refit the toponym ranker on GeoVirus's tuning half (SITROOM_SHARED) and write its JSON."""
    from .extract import load_resources
    from .geo.ranker import MODEL_PATH
    from .geo.train_places import train
    s = _settings()
    res = load_resources(s)
    spec = train(s.shared, nlp=res.nlp, geocoder=res.geocoder, out=output or MODEL_PATH,
                 log=lambda m: click.echo(m, err=True))
    click.echo(f"place ranker: {output or MODEL_PATH} {spec['trained_on']} "
               f"cross-validated {({k: v for k, v in spec['cross_validated'].items() if k != 'calibration'})}")


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Model file (default: SITROOM_EVENT_MODEL).")
@click.option("--data", "data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder of labelled data (default: SITROOM_TRAINING_DIR, data/training).")
@click.option("--report", type=click.Path(path_type=Path), default=None,
              help="Where to write the cross-validation report (default: beside the model, .report.json).")
def train(output, data_dir, report):
    """Fit the learned event scorer on the labelled data in data/training/ (deterministic).

    Add your own sentences to data/training/sitroom_labels.csv (text, trigger word, PLOVER type
    or NONE) and run it again; `make` runs it when the model is missing or the data changed."""
    from .extract import load_resources
    from .extract.training import train as train_scorer
    s = _settings()
    res = load_resources(s, with_scorer=False)
    out = output or s.event_model
    rep = train_scorer(res.nlp, res.lexicon, data_dir or s.training_dir, out,
                       report or out.with_suffix(".report.json"))
    cv = rep["cv"]
    click.echo(f"event scorer: {out} ({rep['examples']} examples, {rep['features']} features, "
               f"{rep['seconds']} s)")
    click.echo(f"cross-validated by story: AUC {cv['auc']}, precision {cv['precision']}, recall {cv['recall']}")
    for line in rep.get("unmatched_own_labels", []):
        click.echo(f"  not used: {line}", err=True)


@main.command()
@click.option("--db", type=click.Path(path_type=Path), help="DuckDB file.")
@click.option("--workers", type=int, default=None, help="Extraction processes (default: every core).")
def reextract(db, workers):
    """Run the extractor again over every stored article. Analyst edits follow their evidence;
    an edit no event takes any more is kept and listed."""
    from .extract import load_resources
    from .ingest import ReextractReport, reextract as run
    from .store import StoreError
    s = _settings(db)
    store = _open_store(db)
    report = ReextractReport()
    try:
        added, merged = run(store=store, resources=load_resources(s), report=report,
                            extractor=_extractor(s, workers))
    except StoreError as exc:
        raise click.ClickException(f"{exc} (the database is unchanged)") from exc
    click.echo(f"{added} events (+{merged} merged mentions); {report.moved} edits re-attached, "
               f"{report.orphaned} edits without an event")
    orphans = store.orphaned_edits()
    for r in orphans.itertuples():
        click.echo(f"  edit {r.edit_id} ({r.field} -> {r.new_value!r} by {r.author}) on {r.article_id}: "
                   f"{(r.sentence or '')[:100]!r}")
    store.close()


@main.command()
@click.option("--db", type=click.Path(path_type=Path), help="DuckDB file the dashboard reads.")
@click.option("--port", type=int, default=8501, show_default=True)
@click.option("--headless/--open", default=False, help="Do not open a browser window.")
def dashboard(db, port, headless):
    """Start the Streamlit dashboard on http://localhost:PORT."""
    s = _settings(db)
    env = dict(os.environ, SITROOM_DB=str(Path(s.db).resolve()))
    # Always headless: otherwise Streamlit's first run asks for an e-mail address on stdin
    # and the dashboard never starts. We open the browser ourselves instead.
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
           "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    url = f"http://localhost:{port}"
    click.echo(f"sitroom dashboard on {url} (database {s.db})", err=True)
    if not headless:
        import threading
        import webbrowser
        threading.Timer(3.0, lambda: webbrowser.open(url)).start()
    raise SystemExit(_serve(cmd, env))


def _serve(cmd: list[str], env: dict) -> int:
    """Run the server and stop it with this process: a SIGTERM or Ctrl+C that stops
    `sitroom dashboard` stops Streamlit too, never leaving it serving on its own."""
    import signal
    proc = subprocess.Popen(cmd, env=env, cwd=str(ROOT))
    previous = signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        return proc.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:
            proc.kill()


# ---- briefing and export (analysis layer) ------------------------------------------------------
def _filter_options(fn):
    """--from/--to/--country/--type/--actor/--text/--review/--min-confidence/--all-mentions/--include-background."""
    opts = [
        click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), default=None, help="First day (YYYY-MM-DD)."),
        click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Last day (YYYY-MM-DD)."),
        click.option("--country", "countries", multiple=True, help="ISO3 where it happened or of an actor (repeat)."),
        click.option("--type", "types", multiple=True, help="PLOVER event type, e.g. ASSAULT (repeat)."),
        click.option("--actor", "actors", multiple=True,
                     help="Actor id (e.g. PAK.CIV, D:hamas) or name, either side (repeat)."),
        click.option("--text", default="", help="Words in the sentence, summary, actors, place or title."),
        click.option("--review", type=click.Choice(["all", "unreviewed", "reviewed", "confirmed"]), default="all",
                     show_default=True, help="Review status."),
        click.option("--min-confidence", type=float, default=0.0, show_default=True, help="Lowest confidence."),
        click.option("--all-mentions", is_flag=True,
                     help="Every extracted mention, not only headline events and dated events with confidence >= "
                          "SITROOM_EVENT_CONFIDENCE."),
        click.option("--include-background", is_flag=True,
                     help="Also list background events (past events a story recalls); never counted in figures."),
        click.option("--db", type=click.Path(path_type=Path), help="DuckDB file (default: SITROOM_DB)."),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def _filters(start, end, countries, types, actors, text, review, min_confidence, all_mentions, include_background):
    from . import taxonomy
    from .query import Filters
    bad = [t for t in types if t.upper() not in taxonomy.EVENT_TYPES]
    if bad:
        raise click.BadParameter(f"unknown type(s) {', '.join(bad)}; one of {', '.join(taxonomy.ALL_TYPES)}",
                                 param_hint="--type")
    return Filters(start=start.date() if start else None, end=end.date() if end else None,
                   countries=tuple(c.upper() for c in countries), types=tuple(t.upper() for t in types),
                   actors=tuple(actors), text=text, review=review, min_confidence=min_confidence,
                   all_mentions=all_mentions, include_background=include_background)


def _read_store(db):
    return _open_store(db, read_only=True)


def _write_bytes(output: str, data: bytes) -> None:
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_bytes(data)


@main.command()
@_filter_options
@click.option("--format", "fmt", type=click.Choice(["md", "html", "pdf", "pptx"]), required=True,
              help="md, self-contained html, pdf or pptx.")
@click.option("-o", "--output", required=True, help="Output file, or - for stdout.")
@click.option("--title", default=None, help="Briefing title.")
@click.option("--summary", default="", help="The analyst's summary paragraph.")
@click.option("--pin", multiple=True, help="Event id to put first among key events (repeat).")
@click.option("--drop", multiple=True, help="Event id to leave out of the briefing (repeat).")
@click.option("--days", type=int, default=7, show_default=True,
              help="Period length when --from is not given (ending at --to or the newest event).")
@click.option("--no-images", is_flag=True, help="Skip the map and timeline images (no Chromium needed for md/pptx).")
def briefing(start, end, countries, types, actors, text, review, min_confidence, all_mentions, include_background, db,
             fmt, output, title, summary, pin, drop, days, no_images):
    """Write a briefing of the filtered events over a period: headline figures, what changed
    against the previous period of the same length, key events with sources, map, timeline and
    one section per country."""
    import time
    from .briefing import build_briefing, render
    from .briefing.build import default_period
    f = _filters(start, end, countries, types, actors, text, review, min_confidence, all_mentions, include_background)
    store = _read_store(db)
    cur = store.cursor()
    t0 = time.perf_counter()
    if f.start is None:
        lo, hi = default_period(cur, f, days=days)
        f = f.with_(start=lo, end=f.end or hi)
    elif f.end is None:
        f = f.with_(end=default_period(cur, f.with_(start=None), days=1)[1])
    try:
        b = build_briefing(cur, filters=f, start=f.start, end=f.end, pinned=pin, dropped=drop,
                           summary=summary, title=title, figures=not no_images)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    data = render(b, fmt=fmt, images=not no_images)
    store.close()
    _write_bytes(output, data)
    click.echo(f"briefing {b.period_text}: {b.candidates} events, {len(b.key_events)} key events, "
               f"{len(b.sections)} country sections -> {output} ({len(data):,} bytes, "
               f"{time.perf_counter() - t0:.1f} s)", err=True)


@main.command()
@_filter_options
@click.option("--format", "fmt", type=click.Choice(["csv", "geojson", "parquet"]), required=True)
@click.option("-o", "--output", required=True, help="Output file, or - for stdout.")
@click.option("--include-rejected", is_flag=True, help="Also export events analysts rejected.")
def export(start, end, countries, types, actors, text, review, min_confidence, all_mentions, include_background, db,
           fmt, output, include_rejected):
    """Export the filtered events (analyst edits applied; rejected events left out) as CSV,
    GeoJSON or Parquet."""
    from . import query
    from .export import export_bytes
    f = _filters(start, end, countries, types, actors, text, review, min_confidence, all_mentions, include_background)
    f = f.with_(include_rejected=include_rejected)
    store = _read_store(db)
    df = query.events(store.cursor(), f)
    store.close()
    data = export_bytes(df, fmt=fmt)
    _write_bytes(output, data)
    click.echo(f"{len(df)} events -> {output} ({len(data):,} bytes)", err=True)


if __name__ == "__main__":
    main()
