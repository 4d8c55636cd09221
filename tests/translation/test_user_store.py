"""The model store is per user: conversions once per user, no models/ in working folders."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.errors import ModelNotFoundError
from aligner.translation.models.store import (
    list_models,
    remove_model,
    resolve_model,
    search_stores,
)

runner = CliRunner()


@pytest.fixture
def user_home(monkeypatch, tmp_path):
    """HOME and XDG folders in a temporary folder, no $ALIGNER_MODELS."""
    home = tmp_path / "home"
    monkeypatch.delenv("ALIGNER_MODELS", raising=False)
    monkeypatch.delenv("ALIGNER_CACHE", raising=False)
    monkeypatch.setenv("HOME", str(home))
    for name, sub in (("XDG_CACHE_HOME", ".cache"), ("XDG_DATA_HOME", ".local/share")):
        monkeypatch.setenv(name, str(home / sub))
    return home


def _translate_in(folder, model, monkeypatch):
    folder.mkdir()
    (folder / "in.txt").write_text("Saya makan nasi di rumah.\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    result = runner.invoke(app, ["translate", "in.txt", "--model", str(model), "-o", "out.tsv"])
    assert result.exit_code == 0, result.output
    return result.stderr


def test_two_folders_convert_once_and_create_no_models_folder(
    tiny_model, user_home, tmp_path, monkeypatch
):
    first = _translate_in(tmp_path / "a", tiny_model, monkeypatch)
    second = _translate_in(tmp_path / "b", tiny_model, monkeypatch)
    assert "converting" in first and "converting" not in second
    assert not (tmp_path / "a" / "models").exists() and not (tmp_path / "b" / "models").exists()
    converted = user_home / ".cache" / "aligner" / "models" / f"{tiny_model.name}-ct2-int8"
    assert (converted / "model.bin").is_file()


def test_an_existing_models_folder_is_still_found(tiny_model, user_home, tmp_path, monkeypatch):
    work = tmp_path / "project"
    shutil.copytree(tiny_model, work / "models" / "acme--tiny-mt")
    monkeypatch.chdir(work)
    assert resolve_model("acme/tiny-mt").resolve() == (work / "models" / "acme--tiny-mt")
    assert len(search_stores()) == 2
    monkeypatch.chdir(tmp_path)
    assert search_stores() == [user_home / ".cache" / "aligner" / "models"]


def test_remove_takes_the_model_and_its_conversions(tiny_model, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(tiny_model, store / "acme--tiny-mt")
    shutil.copytree(tiny_model, store / "acme--tiny-mt-ct2-int8")
    shutil.copytree(tiny_model, store / "other")
    removed = remove_model("acme/tiny-mt", store)
    assert [p.name for p in removed] == ["acme--tiny-mt", "acme--tiny-mt-ct2-int8"]
    assert [m.name for m in list_models(store)] == ["other"]
    with pytest.raises(ModelNotFoundError, match="no model 'acme/tiny-mt'"):
        remove_model("acme/tiny-mt", store)


def test_cli_list_shows_where_size_and_licence(tiny_model, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(tiny_model, store / "acme--tiny-mt")
    (store / "acme--tiny-mt" / "README.md").write_text("---\nlicense: cc-by-4.0\n---\n")
    result = runner.invoke(app, ["models", "list", "--dir", str(store)])
    assert result.exit_code == 0, result.output
    (line,) = [x for x in result.stdout.splitlines() if x.startswith("acme/tiny-mt")]
    assert "cc-by-4.0" in line and str(store / "acme--tiny-mt") in line and "KB" in line
    removed = runner.invoke(app, ["models", "remove", "acme/tiny-mt", "--dir", str(store)])
    assert removed.exit_code == 0 and not (store / "acme--tiny-mt").exists()
