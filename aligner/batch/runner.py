"""Whole folders into a parallel corpus: resumable, cached, with a manifest and a report.

    IN_DIR --walk.find_inputs--> reader thread (batch.intake): read, sha256, resume check,
           read_document, segment
           (aligner.text.readers: txt, html, docx, odt, md)
           --bounded queue--> main thread (batch.scheduler): cross-file chunks of sentences
           -> translation memory / model, or alignment of each document pair
           --queue--> writer threads (batch.writers): per-document outputs, canonical JSONL,
           manifest line
    then: merged corpus rebuilt from the canonical JSONL (batch.merged), manifest
    compacted, report.html (batch.run_report)

Layout of OUT_DIR:

    docs/<rel>.<ext>            per-document outputs in the chosen formats, mirroring IN_DIR
    .state/pairs/<rel>.jsonl    canonical record of every pair of a done document (unfiltered)
    corpus.<ext>                merged corpus: every done document in path order, filtered by
                                --min-confidence, deduplicated on (source, target), both sides
                                non-empty (1-0/0-1 beads stay in docs/, counted in the report)
    manifest.jsonl              one record per input file (aligner.batch.manifest)
    report.html                 run report (aligner.batch.run_report)
    .aligner-cache.sqlite       translation memory (aligner.translation.memory), unless --cache

A file is marked ``done`` in the manifest only after all its outputs are renamed into
place, and the corpus is rebuilt from the canonical records of done files only, so a run
killed at any point and resumed gives the corpus an uninterrupted run gives.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from aligner.batch.engines import ChunkEngine, LocalEngine
from aligner.batch.intake import Reader
from aligner.batch.jobs import RunContext
from aligner.batch.manifest import Manifest
from aligner.batch.merged import collect_stats, read_state, write_corpus
from aligner.batch.options import BatchOptions
from aligner.batch.result import BatchProgress, BatchResult, Tally
from aligner.batch.run_report import write_report
from aligner.batch.scheduler import Handoff, ModelLoop
from aligner.batch.states import JobState
from aligner.batch.threads import END, Worker, put
from aligner.batch.walk import InputFile, OutputNames, find_inputs, is_inside
from aligner.batch.writers import DocumentWriter
from aligner.errors import FormatError, InputError, OptionError, OutputError, os_reason
from aligner.output.formats import FORMATS, get_writer
from aligner.output.io import remove_stale_temps
from aligner.signature import RunSignature, batch_signature
from aligner.translation.memory import MemoryPlanner, TranslationCache
from aligner.translation.stack import TranslatorStack
from aligner.types import Pair, SupportsTranslate

__all__ = [
    "BatchOptions",
    "BatchProgress",
    "BatchResult",
    "check_folders",
    "check_formats",
    "run_batch",
    "run_signature",
]

CACHE_NAME = ".aligner-cache.sqlite"
# fsync-bound (every output file and its folder): a few threads keep up with the model
WRITERS = 4


def check_folders(in_dir: Path, out_dir: Path, target_dir: Path | None = None) -> None:
    """Fatal problems before any work: IN_DIR missing, OUT_DIR unusable or holding IN_DIR."""
    for folder in (in_dir, target_dir):
        if folder is not None and not folder.is_dir():
            raise InputError("not a folder", path=folder)
    real_in, real_out = os.path.realpath(in_dir), os.path.realpath(out_dir)
    if is_inside(real_in, real_out):
        raise OutputError("output folder must not be the input folder or hold it", path=out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / f".aligner-probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise OutputError(f"output folder is not writable: {os_reason(exc)}", path=out_dir) from exc


def run_signature(stack: Mapping[str, Any] | None, options: BatchOptions) -> RunSignature:
    """The signature every file of a run is recorded under (its key decides resumes), from
    the translator stack's signature (None: aligning without a model)."""
    return batch_signature(
        dict(stack) if stack is not None else None,
        align=options.align,
        formats=options.formats,
        min_confidence=options.min_confidence,
        encoding=options.encoding,
        paragraphs=options.paragraphs,
        chunk_sentences=options.chunk_sentences,
        **_reading_signature(options),
        # docs/*.tsv|moses|tmx depend on these (aligner.clean)
        keep_noise=options.keep_noise,
        clean=options.clean,
    )


def _reading_signature(options: BatchOptions) -> dict[str, Any]:
    # only when set: an unset reading option leaves the resume key as it was without it
    chosen = {"input_format": options.input_format, "html_all": options.html_all or None}
    return {key: value for key, value in chosen.items() if value is not None}


def check_formats(formats: Sequence[str]) -> None:
    """FormatError unless every format is known and has its optional package (parquet:
    pyarrow); the CLI calls it before the model loads."""
    if not formats:
        raise FormatError(f"no output format given; choose from: {', '.join(FORMATS)}")
    for fmt in formats:
        get_writer(fmt).check_available()  # an unknown name: FormatError listing the valid ones


def run_batch(
    in_dir: Path,
    out_dir: Path,
    translator: SupportsTranslate | TranslatorStack | None,
    options: BatchOptions = BatchOptions(),
    *,
    progress: Callable[[BatchProgress], None] | None = None,
    warn: Callable[[str], None] = lambda message: None,
    engine: ChunkEngine | None = None,
) -> BatchResult:
    """Process every matching file of ``in_dir`` into ``out_dir`` (see module doc).

    ``translator``: the model, in this process. A ``TranslatorStack`` is used as given (the
    CLI builds it with ``build_stack``); a bare translator gets the stack a run needs
    (noise flags when translating, none when aligning). It may be None when aligning
    (length and anchors only), or when an ``engine`` translates the chunks elsewhere
    (``batch.distributed.RayEngine``: workers that build the same stack). The outputs are
    the same either way."""
    if engine is not None and (options.align or translator is not None):
        raise OptionError(
            "a batch run translates with a translator or an engine, not both; "
            "aligning runs in this process"
        )
    if translator is None and engine is None and not options.align:
        raise OptionError("batch translation needs a model")
    in_dir, out_dir = Path(in_dir), Path(out_dir)
    check_formats(options.formats)
    check_folders(in_dir, out_dir, options.target_dir)
    if translator is not None and not isinstance(translator, TranslatorStack):
        translator = TranslatorStack(translator, noise=not options.align)
    if translator is not None:
        engine = LocalEngine(translator)
    signature = engine.signature if engine is not None else None
    cache = (
        TranslationCache(options.cache or out_dir / CACHE_NAME, warn=warn)
        if options.use_cache and signature is not None
        else None
    )
    try:
        run = _Run(in_dir, out_dir, options, run_signature(signature, options), progress, warn)
        return run.execute(ModelLoop(options, MemoryPlanner(cache, signature or {}), engine))
    finally:
        if cache is not None:
            cache.close()


class _Run:
    """Wires the reader, the model loop and the writers of one run, then the corpus."""

    def __init__(
        self,
        in_dir: Path,
        out_dir: Path,
        options: BatchOptions,
        signature: RunSignature,
        progress: Callable[[BatchProgress], None] | None,
        warn: Callable[[str], None],
    ) -> None:
        self.options, self.warn, self.progress = options, warn, progress
        self.in_dir, self.out_dir, self.signature = in_dir, out_dir, signature
        self.manifest = Manifest(out_dir / "manifest.jsonl", warn)
        self.stop = threading.Event()  # the reader gives up (error, Ctrl-C) or died
        self.writer_failed = threading.Event()

    def execute(self, loop: ModelLoop) -> BatchResult:
        started = time.monotonic()
        remove_stale_temps(self.out_dir)
        inputs = self._inputs()
        tally = Tally(len(inputs), self.progress)
        context = RunContext(
            self.in_dir, self.out_dir, self.signature.key, self.signature.to_json(), tally
        )
        jobs: queue.Queue[Any] = queue.Queue(maxsize=max(64, self.options.chunk_sentences))
        done: queue.Queue[Any] = queue.Queue(maxsize=256)
        # A sentence's translation depends a little on its batch (the output cap is set by
        # the longest source; padding changes the arithmetic), so with a memory unchanged
        # files keep their place in the chunks and cost a lookup; without one (or when
        # aligning, which has no chunks) they are skipped outright.
        refeed = loop.translation is not None and loop.planner.cache is not None
        reader = Reader(context, self.options, dict(self.manifest.records), refeed, self.stop)
        writer = DocumentWriter(context, self.options, self.manifest, self.writer_failed)
        threads = [Worker(reader.read_all, self.stop, inputs, jobs)]
        threads += [Worker(writer.write_all, self.writer_failed, done) for _ in range(WRITERS)]
        for thread in threads:
            thread.start()
        try:
            loop.run(context, jobs, self.stop, Handoff(done, self.writer_failed))
        finally:
            self._join(threads, done)
        memory = (loop.planner.hits, loop.planner.misses)
        return self._finish(inputs, context, memory, time.monotonic() - started)

    def _join(self, threads: list[Worker], done: queue.Queue[Any]) -> None:
        self.stop.set()
        # the writers finish what they were handed (whole documents), then stop
        for _ in threads[1:]:
            put(done, END, self.writer_failed)
        for thread in [*threads[1:], threads[0]]:
            thread.join()
        self.manifest.close()
        for thread in threads:
            thread.reraise()  # a worker's error wins over what it caused here

    def _inputs(self) -> list[InputFile]:
        options = self.options
        found = find_inputs(self.in_dir, options.glob, exclude=self.out_dir, warn=self.warn)
        if not options.align or options.target_dir is not None:
            return found
        # one folder: NAME.id.EXT are the sources; NAME.en.EXT are found through them
        return [f for f in found if ".id." in Path(f.rel).name]

    def _finish(
        self,
        inputs: list[InputFile],
        context: RunContext,
        memory: tuple[int, int],
        seconds: float,
    ) -> BatchResult:

        names = OutputNames()
        current = {f.rel: names.name(f.rel) for f in inputs}
        self.manifest.compact(keep=set(current))
        records = tuple(
            self.manifest.records[rel] for rel in sorted(current) if rel in self.manifest.records
        )
        done = [current[r.path] for r in records if r.status is JobState.DONE]
        meta = {"aligner": context.signature, "documents": len(done)}
        result = BatchResult(
            records,
            context.signature,
            seconds=seconds,
            sentences=context.tally.sentences_processed,
            cache_hits=memory[0],
            cache_misses=memory[1],
            resumed=context.tally.files_resumed,
            corpus=write_corpus(
                self.out_dir, lambda: self._pairs_of(context, done), self.options, meta
            ),
            stats=collect_stats(self._pairs_of(context, done)),
        )
        report = write_report(self.out_dir / "report.html", result)
        return replace(result, report_path=report)

    def _pairs_of(self, context: RunContext, names: list[str]) -> Iterator[Pair]:
        for name in names:
            yield from read_state(context.state_path(name))
