"""Shared fixtures: a temporary user dir per test, seed articles, a fake backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import Article, FakeBackend, Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own home and cache dir, and no model credentials from the machine."""
    for var in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "SUMMARIZER_BACKEND",
        "SUMMARIZER_MODEL",
        "SUMMARIZER_MODEL_PATH",
        "SUMMARIZER_TIMEOUT",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


@pytest.fixture
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def seed_article(seed_paths: list[Path]) -> Article:
    path = seed_paths[-1]
    return Article(id=path.stem, text=path.read_text(encoding="utf-8"))


@pytest.fixture
def fake_settings(tmp_path: Path) -> Settings:
    return Settings.from_env(backend="fake", cache_dir=tmp_path / "cache")


@pytest.fixture
def fake_backend() -> FakeBackend:
    return FakeBackend()
