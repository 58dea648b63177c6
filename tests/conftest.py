"""Shared fixtures: heavy resources are loaded once per test session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SITROOM_SHARED", ROOT.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "eval").is_dir():
        pytest.fail(f"../shared not found at {SHARED}; set SITROOM_SHARED")
    return SHARED


@pytest.fixture(scope="session")
def settings():
    from sitroom.settings import load_settings
    return load_settings()


@pytest.fixture(scope="session")
def nlp(settings):
    from sitroom.extract.resources import load_nlp
    return load_nlp(settings.spacy_model)


@pytest.fixture(scope="session")
def geocoder(settings):
    from sitroom.geo import GazetteerGeocoder
    return GazetteerGeocoder(settings.gazetteer, places_dir=settings.places_dir)


@pytest.fixture(scope="session")
def resources(settings, nlp, geocoder):
    from sitroom.extract import load_resources
    return load_resources(settings, nlp=nlp, geocoder=geocoder)


@pytest.fixture
def cli_resources(resources, monkeypatch):
    """`sitroom extract` run in-process (CliRunner) uses the session's resources, not a second load."""
    import sitroom.extract
    monkeypatch.setattr(sitroom.extract, "load_resources", lambda *a, **k: resources)
    return resources
