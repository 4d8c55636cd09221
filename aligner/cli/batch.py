"""aligner batch: a folder of Indonesian texts into a parallel corpus (see aligner.batch.run)."""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aligner.cli._app import app, cli_errors, error, stderr_is_terminal, warn
from aligner.cli._noise import CleanOption, KeepNoiseOption
from aligner.cli._shared import BackendName, BackendOption, Device, DeviceOption, OutputFormat
from aligner.translation.models.store import DEFAULT_MODEL

if TYPE_CHECKING:
    from aligner.batch.run import BatchProgress

FORMAT_NAMES = tuple(choice.value for choice in OutputFormat)


def _formats(value: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [name for name in names if name not in FORMAT_NAMES]
    if unknown or not names:
        given = ", ".join(unknown) or "(none)"
        raise typer.BadParameter(f"unknown format {given}; choose from {', '.join(FORMAT_NAMES)}")
    return names


def _min_confidence(value: float | None) -> float | None:
    if value is not None and (math.isnan(value) or not 0.0 <= value <= 1.0):
        raise typer.BadParameter("must be a number from 0 to 1")
    return value


@app.command("batch")
def batch_command(
    in_dir: Annotated[Path, typer.Argument(help="Folder of Indonesian texts.", show_default=False)],
    out_dir: Annotated[Path, typer.Argument(help="Output folder (created).", show_default=False)],
    glob: Annotated[str, typer.Option(help="Which files, relative to IN_DIR.")] = "**/*.txt",
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"Comma-separated: {', '.join(FORMAT_NAMES)}.")
    ] = "tsv,jsonl",
    min_confidence: Annotated[
        float | None,
        typer.Option(callback=_min_confidence, help="Leave pairs below this out of corpus files."),
    ] = None,
    model: Annotated[str, typer.Option(help="Model name or local folder.")] = DEFAULT_MODEL,
    backend: BackendOption = BackendName.auto,
    device: DeviceOption = Device.auto,
    beams: Annotated[int | None, typer.Option(min=1, help="Beam size (model default).")] = None,
    cache: Annotated[
        Path | None,
        typer.Option(help="Translation memory file (default: OUT_DIR/.aligner-cache.sqlite)."),
    ] = None,
    use_cache: Annotated[
        bool, typer.Option("--use-cache/--no-cache", help="Use the translation memory.")
    ] = True,
    resume: Annotated[
        bool, typer.Option(help="Skip files done before with the same content and options.")
    ] = True,
    align: Annotated[
        bool,
        typer.Option(help="Align NAME.id.* with NAME.en.* (or --target-dir), not translate."),
    ] = False,
    target_dir: Annotated[
        Path | None,
        typer.Option(help="--align: English files at the same relative paths in this folder."),
    ] = None,
    no_mt: Annotated[
        bool, typer.Option("--no-mt", help="--align: length and anchors only, no model.")
    ] = False,
    encoding: Annotated[
        str | None, typer.Option(help="Input encoding (default: UTF-8, or as its BOM says).")
    ] = None,
    chunk: Annotated[
        int, typer.Option(min=1, help="Sentences per model call, gathered across files.")
    ] = 512,
    keep_noise: KeepNoiseOption = False,
    clean: CleanOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
) -> None:
    """Translate (or --align) every matching file of IN_DIR into OUT_DIR: per-document
    outputs in docs/, a deduplicated corpus.*, manifest.jsonl and report.html. Re-running
    resumes. Exit 0 when all files are done, 2 when some failed, 1 on a fatal error."""
    from aligner.batch.report import text_summary
    from aligner.batch.run import BatchOptions, check_folders, run_batch

    options = BatchOptions(
        glob=glob,
        formats=_formats(fmt),
        min_confidence=min_confidence,
        resume=resume,
        cache=cache,
        use_cache=use_cache,
        chunk_sentences=chunk,
        align=align,
        target_dir=target_dir,
        encoding=encoding,
        keep_noise=keep_noise,
        clean=clean,
    )
    if (target_dir is not None or no_mt) and not align:
        raise typer.BadParameter("--target-dir and --no-mt go with --align")
    with cli_errors():
        check_folders(in_dir, out_dir, target_dir)  # before the (slow) model load
        translator = None if no_mt else _translator(model, backend.value, device.value, beams)
        bar = _Bar(enabled=not quiet and stderr_is_terminal())
        result = run_batch(in_dir, out_dir, translator, options, progress=bar.update, warn=warn)
        bar.close()
    if not quiet:
        typer.echo(text_summary(result), err=True)
    for record in result.failed:
        error(f"{record.path}: {record.error}")
    raise typer.Exit(result.exit_code)


def _translator(model: str, backend: str, device: str, beams: int | None) -> Any:
    from aligner.translation.translator import Translator

    return Translator(model, backend=backend, device=device, beams=beams)


class _Bar:
    """One self-rewriting stderr line over sentences, at most ten times a second."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.last = 0.0
        self.width = 0

    def update(self, counts: BatchProgress) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.last < 0.1:
            return
        self.last = now
        total = counts.sentences_total
        share = counts.sentences_done / total if total else 0.0
        filled = int(24 * min(1.0, share))
        line = (
            f"[{'#' * filled}{'.' * (24 - filled)}] {counts.sentences_done}/{total} sentences"
            f" | files {counts.files_done} done, {counts.files_failed} failed"
            f" of {counts.files_total} | {counts.rate:.1f} sent/s"
        )
        sys.stderr.write("\r" + line.ljust(self.width))
        sys.stderr.flush()
        self.width = len(line)

    def close(self) -> None:
        if self.enabled and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()
