"""aligner batch: a folder of Indonesian texts into a parallel corpus (see aligner.batch)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from aligner.batch.options import BatchOptions
from aligner.batch.run_report import text_summary
from aligner.cli import _options as opt
from aligner.cli._app import app, cli_errors, error, stderr_is_terminal, warn
from aligner.cli._batch_options import (
    AlignOption,
    CacheOption,
    ChunkOption,
    GlobOption,
    InDirArgument,
    NoMtOption,
    OutDirArgument,
    ResumeOption,
    TargetDirOption,
    UseCacheOption,
)
from aligner.cli._inputs import HtmlAllOption, InputFormatOption
from aligner.cli._noise import CleanOption, KeepNoiseOption
from aligner.cli._ray import (
    GpusPerWorkerOption,
    RayAddressOption,
    RayOption,
    WorkersOption,
    check_ray_options,
    ray_engine,
)
from aligner.cli._shared import batch_progress, translator_options
from aligner.errors import OptionError
from aligner.translation.stack import TranslatorStack, build_stack

if TYPE_CHECKING:
    from aligner.batch.engines import ChunkEngine
    from aligner.batch.options import BatchOptions
    from aligner.batch.result import BatchResult


@app.command("batch")
def batch_command(
    in_dir: InDirArgument,
    out_dir: OutDirArgument,
    glob: GlobOption = "**/*.txt",
    input_format: InputFormatOption = None,
    html_all: HtmlAllOption = False,
    fmt: opt.FormatsOption = "tsv,jsonl",
    min_confidence: opt.MinConfidenceOption = None,
    model: opt.ModelOption = None,
    backend: opt.BackendOption = "auto",
    device: opt.DeviceOption = opt.Device.auto,
    compute_type: opt.ComputeTypeOption = None,
    beams: opt.BeamsOption = None,
    batch_tokens: opt.BatchTokensOption = None,
    threads: opt.ThreadsOption = None,
    glossary: opt.GlossaryOption = None,
    parallel_batches: opt.ParallelBatchesOption = None,
    cache: CacheOption = None,
    use_cache: UseCacheOption = True,
    resume: ResumeOption = True,
    align: AlignOption = False,
    target_dir: TargetDirOption = None,
    no_mt: NoMtOption = False,
    encoding: opt.EncodingOption = None,
    paragraphs: opt.ParagraphsOption = opt.ParagraphMode.line,
    chunk: ChunkOption = 512,
    keep_noise: KeepNoiseOption = False,
    clean: CleanOption = False,
    ray: RayOption = False,
    ray_address: RayAddressOption = None,
    workers: WorkersOption = None,
    gpus_per_worker: GpusPerWorkerOption = 0.0,
    quiet: opt.QuietOption = False,
) -> None:
    """Translate (or --align) a folder of documents into a parallel corpus.

    Running it again resumes. Exit 0: all files done; 2: some failed; 1: fatal."""
    from aligner.batch.runner import check_folders, check_formats

    options = BatchOptions(
        glob=glob,
        formats=opt.format_names(fmt),
        min_confidence=min_confidence,
        resume=resume,
        cache=cache,
        use_cache=use_cache,
        chunk_sentences=chunk,
        align=align,
        target_dir=target_dir,
        encoding=encoding,
        paragraphs=paragraphs.value,
        input_format=input_format,
        html_all=html_all,
        keep_noise=keep_noise,
        clean=clean,
    )
    with cli_errors():
        if (target_dir is not None or no_mt) and not align:
            raise OptionError("--target-dir and --no-mt go with --align")
        check_ray_options(ray, ray_address, workers, gpus_per_worker, align)
        check_formats(options.formats)  # before OUT_DIR is made
        check_folders(in_dir, out_dir, target_dir)  # before the (slow) model load
        settings = (
            None
            if no_mt
            else translator_options(
                model,
                backend,
                device,
                compute_type,
                beams,
                batch_tokens,
                threads,
                glossary=glossary,
                parallel_batches=parallel_batches,
            )
        )
        if settings is None or not ray:
            stack = None if settings is None else build_stack(settings, noise=not align)
            result = _run(in_dir, out_dir, stack, options, None, quiet)
        else:  # the Ray runtime lives as long as the run
            with ray_engine(settings, ray_address, workers, gpus_per_worker, quiet) as engine:
                result = _run(in_dir, out_dir, None, options, engine, quiet)
    _report(result, quiet)


def _run(
    in_dir: Path,
    out_dir: Path,
    stack: TranslatorStack | None,
    options: BatchOptions,
    engine: ChunkEngine | None,
    quiet: bool,
) -> BatchResult:
    """The run, with a progress bar (``engine``: the Ray cluster's, in place of a stack)."""
    from aligner.batch.runner import run_batch

    with batch_progress(quiet or not stderr_is_terminal()) as update:
        return run_batch(in_dir, out_dir, stack, options, progress=update, warn=warn, engine=engine)


def _report(result: BatchResult, quiet: bool) -> None:

    if not quiet:
        typer.echo(text_summary(result), err=True)
    for record in result.failed:
        error(f"{record.path}: {record.error}")
    raise typer.Exit(result.exit_code)
