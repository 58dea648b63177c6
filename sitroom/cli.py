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
    from .loader import LoadError, read_path
    try:
        return read_path(path)
    except LoadError as exc:
        raise click.ClickException(str(exc)) from exc


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
def ingest(paths, db, batch_size):
    """Read articles from files and folders (.txt dumps, .jsonl, .json, .csv, .html, RSS/Atom)
    and store them with their events. Articles already stored are skipped."""
    from .extract import load_resources
    from .ingest import ingest_paths
    from .store import Store, StoreError
    s = _settings(db)
    try:
        store = Store(s.db)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"loading models and gazetteer ...", err=True)
    res = load_resources(s)
    with click.progressbar(length=None, label="articles", file=sys.stderr, show_pos=True) as bar:
        report = ingest_paths(paths, store=store, resources=res, batch_size=batch_size or s.batch_size,
                              progress=bar.update)
    store.close()
    for line in report.lines():
        click.echo(line)
    click.echo(f"database: {s.db}")
    if report.refused:
        sys.exit(1)


@main.command()
@click.argument("articles", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", default="-", show_default=True, help="Events JSONL file, or - for stdout.")
def extract(articles, output):
    """Extract events from an articles file (no database involved).

    Writes one flat event per line: the columns of ../shared/eval/README.md plus extras."""
    from .extract import extract_many, load_resources
    from .schema import column_names
    items = _read_articles(articles)
    res = load_resources(_settings())
    cols = column_names("events")
    n = 0
    with _open_out(output) as out:
        for _, events in extract_many(items, resources=res):
            for ev in events:
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


@main.command()
@click.option("--db", type=click.Path(path_type=Path), help="DuckDB file.")
def reextract(db):
    """Run the extractor again over every stored article. Analyst edits are kept."""
    from .extract import load_resources
    from .ingest import reextract as run
    from .store import Store
    s = _settings(db)
    store = Store(s.db)
    added, merged = run(store=store, resources=load_resources(s))
    click.echo(f"{added} events (+{merged} merged mentions)")


@main.command()
@click.option("--db", type=click.Path(path_type=Path), help="DuckDB file the dashboard reads.")
@click.option("--port", type=int, default=8501, show_default=True)
@click.option("--headless/--open", default=False, help="Do not open a browser window.")
def dashboard(db, port, headless):
    """Start the Streamlit dashboard on http://localhost:PORT."""
    s = _settings(db)
    env = dict(os.environ, SITROOM_DB=str(Path(s.db).resolve()))
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
           "--server.headless", "true" if headless else "false", "--browser.gatherUsageStats", "false"]
    click.echo(f"sitroom dashboard on http://localhost:{port} (database {s.db})", err=True)
    raise SystemExit(subprocess.call(cmd, env=env, cwd=str(ROOT)))


if __name__ == "__main__":
    main()
