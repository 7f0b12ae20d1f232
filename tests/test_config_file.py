"""The config file: which one is read, where it stands in the precedence, what it may hold."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from summarizer.config import Sampling, Settings, find_config_file
from summarizer.errors import ConfigurationError


@pytest.fixture(autouse=True)
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No SUMMARIZER_*/OPENAI_* variables, and an empty working directory."""
    for var in list(os.environ):
        if var.startswith(("SUMMARIZER_", "OPENAI_")):
            monkeypatch.delenv(var)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_summarizer_toml_in_the_working_directory(clean_env: Path) -> None:
    toml = write(
        clean_env / "summarizer.toml",
        'backend = "fake"\nmodel = "m1"\ncache-dir = "cache"\nconcurrency = 4\n'
        "self_check = false\ntimeout = 30\n"
        "[sampling]\ntemperature = 0.5\nmax-tokens = 1000\n",
    )
    assert find_config_file() == toml
    settings = Settings.from_env()
    assert settings.backend == "fake" and settings.model == "m1"
    assert settings.cache_dir == clean_env / "cache"  # relative to the file
    assert settings.concurrency == 4 and settings.self_check is False
    assert settings.timeout == 30.0 and isinstance(settings.timeout, float)
    assert settings.sampling == Sampling(temperature=0.5, max_tokens=1000, seed=0)


def test_environment_wins_over_the_file_and_overrides_over_both(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(clean_env / "summarizer.toml", 'model = "from-file"\ntimeout = 30\npasses = 2\n')
    monkeypatch.setenv("SUMMARIZER_MODEL", "from-env")
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "45")
    settings = Settings.from_env(timeout=60.0)
    assert settings.model == "from-env"
    assert settings.timeout == 60.0
    assert settings.passes == 2  # only the file sets it


def test_pyproject_tool_summarizer_table(clean_env: Path) -> None:
    pyproject = write(
        clean_env / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.summarizer]\nstrategy = "decomposed"\nmax-events = 7\n',
    )
    assert find_config_file() == pyproject
    settings = Settings.from_env()
    assert settings.strategy == "decomposed" and settings.max_events == 7


def test_pyproject_without_the_table_is_no_config(clean_env: Path) -> None:
    write(clean_env / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config_file() is None
    assert Settings.from_env().strategy == "auto"


def test_summarizer_toml_comes_before_pyproject(clean_env: Path) -> None:
    write(clean_env / "pyproject.toml", '[tool.summarizer]\nmodel = "pyproject"\n')
    write(clean_env / "summarizer.toml", 'model = "toml"\n')
    assert Settings.from_env().model == "toml"


def test_summarizer_config_names_the_file(
    clean_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(clean_env / "summarizer.toml", 'model = "cwd"\n')
    elsewhere = write(tmp_path / "other.toml", 'model = "named"\n')
    monkeypatch.setenv("SUMMARIZER_CONFIG", str(elsewhere))
    assert find_config_file() == elsewhere
    assert Settings.from_env().model == "named"
    assert Settings.from_env(env={"SUMMARIZER_CONFIG": str(elsewhere)}).model == "named"


def test_the_config_file_argument_wins(clean_env: Path, tmp_path: Path) -> None:
    write(clean_env / "summarizer.toml", 'model = "cwd"\n')
    given = write(tmp_path / "given.toml", 'model = "given"\n')
    assert Settings.from_env(config_file=given).model == "given"
    assert Settings.from_env(env={}, config_file=str(given)).model == "given"


def test_an_explicit_env_ignores_the_working_directory(clean_env: Path) -> None:
    write(clean_env / "summarizer.toml", 'model = "cwd"\n')
    write(clean_env / "pyproject.toml", '[tool.summarizer]\nmodel = "pyproject"\n')
    assert find_config_file(env={}) is None
    assert Settings.from_env(env={}).model is None


def test_an_unknown_key_names_the_file_and_the_key(clean_env: Path) -> None:
    toml = write(clean_env / "summarizer.toml", 'modle = "typo"\n')
    with pytest.raises(ConfigurationError, match=r"summarizer\.toml.*unknown key 'modle'") as info:
        Settings.from_env()
    assert str(toml) in str(info.value)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('concurrency = "four"\n', "concurrency"),
        ("timeout = true\n", "timeout"),
        ('backend = "gpt"\n', "backend"),
        ('sampling = "hot"\n', "sampling"),
        ("[sampling]\ntemprature = 1.0\n", "sampling.temprature"),
        ("cache_dir = 3\n", "cache_dir"),
        ("concurrency = 0\n", "concurrency"),
    ],
)
def test_bad_values_name_the_file_and_the_key(clean_env: Path, text: str, key: str) -> None:
    write(clean_env / "summarizer.toml", text)
    with pytest.raises(ConfigurationError, match=rf"summarizer\.toml.*{key}"):
        Settings.from_env()


def test_invalid_toml_and_a_missing_file(clean_env: Path, tmp_path: Path) -> None:
    write(clean_env / "summarizer.toml", "model = \n")
    with pytest.raises(ConfigurationError, match="not valid TOML"):
        Settings.from_env()
    with pytest.raises(ConfigurationError, match="not found"):
        Settings.from_env(env={"SUMMARIZER_CONFIG": str(tmp_path / "missing.toml")})
