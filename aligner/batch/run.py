"""Whole folders into a parallel corpus: resumable, cached, with a manifest and a report.

    IN_DIR --find_inputs--> reader thread: read, sha256, resume check, read_document, segment
           --bounded queue--> main thread: cross-file chunks of sentences -> cache/model
           --queue--> writer threads: per-document outputs, canonical JSONL, manifest line
    then: merged corpus rebuilt from the canonical JSONL, manifest compacted, report.html

Layout of OUT_DIR:

    docs/<rel>.<ext>            per-document outputs in the chosen formats, mirroring IN_DIR
    .state/pairs/<rel>.jsonl    canonical record of every pair of a done document (unfiltered)
    corpus.<ext>                merged corpus: every done document in path order, filtered by
                                --min-confidence, deduplicated on (source, target), both sides
                                non-empty (1-0/0-1 beads stay in docs/, counted in the report)
    manifest.jsonl              one record per input file (aligner.batch.manifest)
    report.html                 run report (aligner.batch.report)
    .aligner-cache.sqlite       translation memory (aligner.translation.memory), unless --cache PATH

A file is marked ``done`` in the manifest only after all its outputs are renamed into
place, and the corpus is rebuilt from the canonical records of done files only, so a run
killed at any point and resumed gives the corpus an uninterrupted run gives.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import queue
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aligner import __version__
from aligner.batch.manifest import Manifest, ManifestRecord
from aligner.batch.walk import InputFile, OutputNames, find_inputs, is_inside
from aligner.errors import AlignerError, InputError, OutputError
from aligner.output.formats import FORMATS, get_writer, write_pairs
from aligner.output.formats._base import json_text
from aligner.output.io import atomic_write
from aligner.translation.memory import (
    CachedTranslator,
    SupportsTranslate,
    TranslationCache,
    signature_key,
)
from aligner.types import Document, Pair, Sentence, Translation

if TYPE_CHECKING:
    from aligner.clean.exclude import CorpusExclusion

__all__ = [
    "BatchOptions",
    "BatchProgress",
    "BatchResult",
    "check_folders",
    "pair_from_json",
    "run_batch",
]

CACHE_NAME = ".aligner-cache.sqlite"
# fsync-bound (every output file and its folder): a few threads keep up with the model
WRITERS = 4
_END = object()  # end of a queue


@dataclass(frozen=True, slots=True)
class BatchOptions:
    glob: str = "**/*.txt"
    formats: tuple[str, ...] = ("tsv", "jsonl")
    min_confidence: float | None = None
    resume: bool = True
    cache: Path | None = None  # None: OUT_DIR/.aligner-cache.sqlite
    use_cache: bool = True
    chunk_sentences: int = 512  # sentences per model call, gathered across files
    align: bool = False  # pair NAME.id.* with NAME.en.* (or target_dir/REL) and align
    target_dir: Path | None = None
    lang: str = "id"
    encoding: str | None = None  # None: UTF-8 (BOM-detected UTF-16/32); see aligner.text.reader
    keep_noise: bool = False  # corpus.tsv/moses/tmx keep pairs flagged as noise (aligner.clean)
    clean: bool = False  # corpus.tsv/moses/tmx also leave out what `aligner clean` removes


@dataclass(slots=True)
class BatchProgress:
    """Counters for a progress bar; ``sentences_total`` grows as files are read."""

    sentences_done: int = 0
    sentences_total: int = 0
    files_done: int = 0
    files_failed: int = 0
    files_skipped: int = 0
    files_total: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.sentences_done / elapsed if elapsed > 0 else 0.0


@dataclass(slots=True)
class BatchResult:
    records: list[ManifestRecord]
    signature: dict[str, Any]
    seconds: float = 0.0
    sentences: int = 0  # sentences processed in this run (not resumed ones)
    cache_hits: int = 0
    cache_misses: int = 0
    resumed: int = 0  # files left as they were: done before with the same input and options
    corpus_pairs: int = 0
    corpus_paths: tuple[Path, ...] = ()
    report_path: Path | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    corpus_left_out: dict[str, int] = field(default_factory=dict)  # noise, clean (aligner.clean)

    @property
    def failed(self) -> list[ManifestRecord]:
        return [r for r in self.records if r.status == "failed"]

    @property
    def exit_code(self) -> int:
        return 2 if self.failed else 0


# ----------------------------------------------------------------------------- set-up


def check_folders(in_dir: Path, out_dir: Path, target_dir: Path | None = None) -> None:
    """Fatal problems before any work: IN_DIR missing, OUT_DIR unusable or holding IN_DIR."""
    for folder in (in_dir, target_dir):
        if folder is not None and not folder.is_dir():
            raise InputError(f"{folder}: not a folder")
    real_in, real_out = os.path.realpath(in_dir), os.path.realpath(out_dir)
    if is_inside(real_in, real_out):
        raise OutputError(f"{out_dir}: output folder must not be the input folder or hold it")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / f".aligner-probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or exc
        raise OutputError(f"{out_dir}: output folder is not writable: {reason}") from exc


def _signature(translator: SupportsTranslate | None, options: BatchOptions) -> dict[str, Any]:
    from aligner.text.segmenter import SEGMENTER_VERSION

    aligner_version = None
    if options.align:
        from aligner.alignment.search import ALIGNER_VERSION

        aligner_version = ALIGNER_VERSION
    return {
        "aligner": __version__,
        "mode": "align" if options.align else "translate",
        "alignment": aligner_version,
        "translator": translator.signature() if translator is not None else None,
        "segmenter": SEGMENTER_VERSION,
        "formats": sorted(options.formats),
        "min_confidence": options.min_confidence,
        "encoding": options.encoding,
        "chunk_sentences": None if options.align else options.chunk_sentences,
        "keep_noise": options.keep_noise,  # docs/*.tsv|moses|tmx depend on these (aligner.clean)
        "clean": options.clean,
    }


def _check_formats(formats: Sequence[str]) -> None:
    for fmt in formats:
        get_writer(fmt)  # FormatError listing the valid ones
    if not formats:
        raise AlignerError(f"no output format given; choose from: {', '.join(FORMATS)}")


# ----------------------------------------------------------------------------- run


def run_batch(
    in_dir: Path,
    out_dir: Path,
    translator: SupportsTranslate | None,
    options: BatchOptions = BatchOptions(),
    *,
    progress: Callable[[BatchProgress], None] | None = None,
    warn: Callable[[str], None] = lambda message: None,
) -> BatchResult:
    """Process every matching file of ``in_dir`` into ``out_dir`` (see module doc).

    ``translator`` may be None only in align mode (length and anchors only)."""
    if translator is None and not options.align:
        raise AlignerError("batch translation needs a model")
    in_dir, out_dir = Path(in_dir), Path(out_dir)
    check_folders(in_dir, out_dir, options.target_dir)
    _check_formats(options.formats)
    cache = _open_cache(out_dir, options)
    try:
        run = _Run(in_dir, out_dir, translator, cache, options, progress, warn)
        return run.execute()
    finally:
        if cache is not None:
            cache.close()


def _open_cache(out_dir: Path, options: BatchOptions) -> TranslationCache | None:
    if not options.use_cache:
        return None
    return TranslationCache(options.cache or out_dir / CACHE_NAME)


@dataclass(slots=True)
class _Job:
    """One input file on its way through the pipeline."""

    source: InputFile
    name: str  # safe relative output name
    sha256: str | None = None
    record: ManifestRecord | None = None  # set when the file is finished before the model
    document: Document | None = None
    target: Document | None = None  # align mode
    sentences: list[Sentence] = field(default_factory=list)
    translations: list[Translation | None] = field(default_factory=list)
    cached: int = 0
    waiting: int = 0  # sentences not translated yet
    seconds: float = 0.0
    resumed: bool = False  # done before with the same input and options: left as it is


class _Run:
    def __init__(
        self, in_dir: Path, out_dir: Path, translator: SupportsTranslate | None,
        cache: TranslationCache | None, options: BatchOptions,
        progress: Callable[[BatchProgress], None] | None, warn: Callable[[str], None],
    ) -> None:
        self.in_dir, self.out_dir, self.options = in_dir, out_dir, options
        if translator is not None and not options.align:  # align runs no language guesses
            from aligner.clean.annotate import flag_noise

            translator = flag_noise(translator)
        self.translator = CachedTranslator(translator, cache) if translator is not None else None
        self.cache = cache
        self.progress_callback = progress
        self.warn = warn
        self.signature = _signature(translator, options)
        self.key = signature_key(self.signature)
        self.manifest = Manifest(out_dir / "manifest.jsonl")
        self.previous = dict(self.manifest.records)
        self.counts = BatchProgress()
        self.result = BatchResult([], self.signature)
        self.stop = threading.Event()  # the reader gives up (error, Ctrl-C) or died
        self.writer_failed = threading.Event()
        self._emit_lock = threading.Lock()

    # -- orchestration

    def execute(self) -> BatchResult:
        started = time.monotonic()
        _remove_stale_temps(self.out_dir)
        inputs = self._inputs()
        self.counts.files_total = len(inputs)
        jobs: queue.Queue[Any] = queue.Queue(maxsize=max(64, self.options.chunk_sentences))
        done: queue.Queue[Any] = queue.Queue(maxsize=256)
        reader = _Thread(self._read_all, self.stop, inputs, jobs)
        writers = [_Thread(self._write_all, self.writer_failed, done) for _ in range(WRITERS)]
        for thread in (reader, *writers):
            thread.start()
        try:
            self._model_loop(jobs, done)
        finally:
            self.stop.set()
            # the writers finish what they were handed (whole documents), then stop
            for _ in writers:
                _put(done, _END, self.writer_failed)
            for thread in (*writers, reader):
                thread.join()
            self.manifest.close()
            for thread in (reader, *writers):
                thread.reraise()  # a worker's error wins over what it caused here
        self.result.seconds = time.monotonic() - started
        return self._finish(inputs)

    def _inputs(self) -> list[InputFile]:
        exclude = self.out_dir
        found = find_inputs(self.in_dir, self.options.glob, exclude=exclude, warn=self.warn)
        if not self.options.align or self.options.target_dir is not None:
            return found
        # one folder: NAME.id.EXT are the sources; NAME.en.EXT are found through them
        return [f for f in found if ".id." in Path(f.rel).name]

    def _emit(self, files_done: int = 0) -> None:
        with self._emit_lock:  # called from the model and the writer threads
            self.counts.files_done += files_done
            if self.progress_callback is not None:
                self.progress_callback(self.counts)

    # -- reader thread

    def _read_all(self, inputs: list[InputFile], jobs: queue.Queue[Any]) -> None:
        names = OutputNames()
        for source in inputs:
            if self.stop.is_set():
                return
            job = _Job(source, names.name(source.rel))
            started = time.monotonic()
            self._prepare(job)
            job.seconds = time.monotonic() - started
            if not _put(jobs, job, self.stop):
                return
        _put(jobs, _END, self.stop)

    def _prepare(self, job: _Job) -> None:
        if job.source.problem is not None:
            job.record = ManifestRecord(job.source.rel, "skipped", error=job.source.problem)
            return
        try:
            data, target = self._read_bytes(job)
        except InputError as exc:
            reason = _reason(exc, job.source.rel)
            job.record = ManifestRecord(job.source.rel, "failed", error=reason)
            return
        job.sha256 = _sha256(data, target)
        if self._unchanged(job) and not self._refeed:
            return
        if not data.strip():
            job.record = self._record(job, "skipped", error="empty file")
            return
        try:
            self._parse(job, data, target)
        except InputError as exc:
            job.record = self._record(job, "failed", error=_reason(exc, job.source.rel))

    def _read_bytes(self, job: _Job) -> tuple[bytes, bytes | None]:
        data = _read(job.source.path, job.source.rel)
        if not self.options.align:
            return data, None
        return data, _read(self._target_path(job.source), self._target_rel(job))

    def _target_path(self, source: InputFile) -> Path:
        if self.options.target_dir is not None:
            return self.options.target_dir / source.rel
        name = Path(source.rel).name
        head, _, tail = name.rpartition(".id.")
        return source.path.with_name(f"{head}.en.{tail}")

    @property
    def _refeed(self) -> bool:
        """Whether unchanged files still go through the model loop (answered by the cache).

        A sentence's translation depends a little on the batch it is in (the output cap is
        set by the longest source of a batch; padding changes the arithmetic), so chunks
        must be cut exactly as in an uninterrupted run for a resumed run to give the same
        bytes. With the cache, unchanged files keep their place in the chunks and cost a
        lookup; without it, they are skipped outright."""
        return self.cache is not None and not self.options.align

    def _unchanged(self, job: _Job) -> bool:
        old = self.previous.get(job.source.rel)
        if not (self.options.resume and old is not None and old.status == "done"):
            return False
        same = old.sha256 == job.sha256 and old.signature == self.key
        if same and self._state_path(job.name).exists():
            job.record, job.resumed = old, True
            return True
        return False

    def _parse(self, job: _Job, data: bytes, target: bytes | None) -> None:
        from aligner.text.reader import read_document_bytes
        from aligner.text.segmenter import segment_document

        job.document = read_document_bytes(data, job.source.rel, encoding=self.options.encoding)
        job.sentences = segment_document(job.document, self.options.lang)
        if target is not None:  # its messages keep the name: "NAME.en.txt: not valid UTF-8…"
            name, encoding = self._target_rel(job), self.options.encoding
            job.target = read_document_bytes(target, name, encoding=encoding)
        if not job.sentences and not job.resumed:
            job.record = self._record(job, "skipped", error="empty: no sentences")
        job.translations = [None] * len(job.sentences)
        job.waiting = len(job.sentences)

    def _record(self, job: _Job, status: Any, **fields: Any) -> ManifestRecord:
        return ManifestRecord(
            job.source.rel, status, sha256=job.sha256, signature=self.key,
            seconds=round(job.seconds, 3), **fields,
        )

    # -- main thread: the model

    def _model_loop(self, jobs: queue.Queue[Any], done: queue.Queue[Any]) -> None:
        chunk: list[tuple[_Job, int]] = []  # (file, sentence number) waiting for the model
        while True:
            job = _get(jobs, self.stop)
            if job is _END:
                break
            self._count_read(job)
            if job.record is not None and not (job.resumed and job.sentences):
                self._hand_over(job, done)
            elif self.options.align:
                self._align(job, done)
            else:
                chunk.extend((job, i) for i in range(len(job.sentences)))
                while len(chunk) >= self.options.chunk_sentences:
                    chunk = self._translate(chunk, self.options.chunk_sentences, done)
        while chunk:
            chunk = self._translate(chunk, len(chunk), done)

    def _count_read(self, job: _Job) -> None:
        if job.record is None or job.resumed:
            self.counts.sentences_total += len(job.sentences)
            self._emit()

    def _translate(
        self, chunk: list[tuple[_Job, int]], size: int, done: queue.Queue[Any]
    ) -> list[tuple[_Job, int]]:
        """Translate the first ``size`` sentences of ``chunk``; returns the rest."""
        head, rest = chunk[:size], chunk[size:]
        texts = [job.sentences[i].text for job, i in head]
        if self.translator is None:
            raise AlignerError("batch translation needs a model")
        started = time.monotonic()
        try:
            out, hits = self.translator.translate_marked(texts, progress=self._advance)
        except AlignerError as exc:
            self._fail_chunk(head, str(exc), done)
            return [(job, i) for job, i in rest if job.record is None or job.resumed]
        share = (time.monotonic() - started) / max(1, len(head))
        for (job, i), translation, hit in zip(head, out, hits, strict=True):
            job.translations[i] = translation
            job.cached += hit
            job.waiting -= 1
            job.seconds += share
            if job.waiting == 0:
                self._complete(job, done)
        self.result.sentences += sum(not job.resumed for job, _ in head)
        return rest

    def _advance(self, count: int) -> None:
        self.counts.sentences_done += count
        self._emit()

    def _fail_chunk(self, head: list[tuple[_Job, int]], error: str, done: queue.Queue[Any]) -> None:
        for job in dict.fromkeys(job for job, _ in head):
            if job.record is None or job.resumed:
                job.record, job.resumed = self._record(job, "failed", error=error), False
                self._hand_over(job, done)

    def _complete(self, job: _Job, done: queue.Queue[Any]) -> None:
        from aligner.pipeline import build_pairs

        if job.resumed:  # its outputs are in place from the run that did it
            self._hand_over(job, done)
            return
        translations = [t for t in job.translations if t is not None]
        pairs = build_pairs(job.source.rel, job.sentences, translations)
        self._hand_over(job, done, pairs)

    def _align(self, job: _Job, done: queue.Queue[Any]) -> None:
        from aligner.pipeline import align_documents

        if job.document is None or job.target is None:
            raise AlignerError(f"{job.source.rel}: not read")  # a bug, not bad input
        started, reported = time.monotonic(), 0

        def advance(count: int) -> None:
            nonlocal reported
            reported += count
            self._advance(count)

        try:
            pairs = align_documents(
                job.document, job.target, translator=self.translator,  # type: ignore[arg-type]
                doc=job.source.rel, progress=advance,
            )
        except AlignerError as exc:
            job.record = self._record(job, "failed", error=_reason(exc, job.source.rel))
            self._hand_over(job, done)
            return
        job.seconds += time.monotonic() - started
        self._advance(max(0, len(job.sentences) - reported))  # --no-mt reports nothing
        self.result.sentences += len(job.sentences)
        self._hand_over(job, done, pairs)

    def _hand_over(
        self, job: _Job, done: queue.Queue[Any], pairs: list[Pair] | None = None
    ) -> None:
        if job.record is not None:
            self._count_finished(job.record, resumed=job.resumed)
        # the writer counts written documents once their outputs are in place
        job.document = job.target = None  # free the text early; the pairs carry it
        if not _put(done, (job, pairs), self.writer_failed):
            raise AlignerError("the output writer stopped")

    def _count_finished(self, record: ManifestRecord, *, resumed: bool) -> None:
        if record.status == "failed":
            self.counts.files_failed += 1
        elif record.status == "skipped":
            self.counts.files_skipped += 1
        self.result.resumed += resumed
        self._emit(files_done=record.status == "done")

    # -- writer thread

    def _write_all(self, done: queue.Queue[Any]) -> None:
        while True:
            item = _get(done, self.writer_failed)
            if item is _END:
                return
            job, pairs = item
            if pairs is None:
                if job.record is not None and not job.resumed:
                    self.manifest.append(job.record)
                continue
            self.manifest.append(self._write_document(job, pairs))
            self._emit(files_done=1)

    def _write_document(self, job: _Job, pairs: list[Pair]) -> ManifestRecord:
        started = time.monotonic()
        meta = {"aligner": self.signature, "input": job.source.rel, "sha256": job.sha256}
        base = self.out_dir / "docs" / job.name
        base.parent.mkdir(parents=True, exist_ok=True)
        for fmt in self.options.formats:
            write_pairs(pairs, fmt, _format_path(base, fmt), meta=meta,
                        min_confidence=self.options.min_confidence, exclude=self._exclusion())
        state = self._state_path(job.name)
        state.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(state) as handle:
            for pair in pairs:
                handle.write(json_text(pair.to_json()) + "\n")
        job.seconds += time.monotonic() - started
        return self._done_record(job, pairs)

    def _done_record(self, job: _Job, pairs: list[Pair]) -> ManifestRecord:
        scores = [p.confidence for p in pairs if not math.isnan(p.confidence)]
        flags = Counter(flag for pair in pairs for flag in pair.flags)
        return self._record(
            job, "done", sentences=len(job.sentences), pairs=len(pairs),
            mean_confidence=round(sum(scores) / len(scores), 6) if scores else None,
            min_confidence=round(min(scores), 6) if scores else None,
            flags=dict(sorted(flags.items())), cached=job.cached,
            target=self._target_rel(job) if self.options.align else None,
        )

    def _target_rel(self, job: _Job) -> str:
        """The English file: relative to --target-dir, or to IN_DIR beside the source."""
        if self.options.target_dir is not None:
            return job.source.rel
        return Path(job.source.rel).with_name(self._target_path(job.source).name).as_posix()

    def _state_path(self, name: str) -> Path:
        return self.out_dir / ".state" / "pairs" / f"{name}.jsonl"

    # -- the end: corpus, manifest, report

    def _finish(self, inputs: list[InputFile]) -> BatchResult:
        from aligner.batch.report import collect_stats, write_report

        names = OutputNames()
        current = {f.rel: names.name(f.rel) for f in inputs}
        self.manifest.compact(keep=set(current))
        records = [self.manifest.records[rel] for rel in sorted(current)
                   if rel in self.manifest.records]
        self.result.records = records
        done = [(r.path, current[r.path]) for r in records if r.status == "done"]
        stats = collect_stats(self._pairs_of(done))
        self.result.stats = stats
        self._write_corpus(done)
        if self.cache is not None:
            self.result.cache_hits, self.result.cache_misses = self.cache.hits, self.cache.misses
        self.result.report_path = write_report(self.out_dir / "report.html", self.result)
        return self.result

    def _pairs_of(self, done: list[tuple[str, str]]) -> Iterator[Pair]:
        for _, name in done:
            yield from _read_state(self._state_path(name))

    def _corpus(self, done: list[tuple[str, str]]) -> Iterator[Pair]:
        """Done documents in path order; threshold, both sides, first of each (source, target)."""
        seen: set[bytes] = set()
        threshold = self.options.min_confidence
        for pair in self._pairs_of(done):
            if not pair.source.strip() or not pair.target.strip():
                continue
            if threshold is not None and not pair.confidence >= threshold:
                continue  # NaN counts as below
            key = hashlib.blake2b(
                json_text([pair.source, pair.target]).encode("utf-8"), digest_size=16
            ).digest()
            if key not in seen:
                seen.add(key)
                yield pair

    def _exclusion(self) -> CorpusExclusion:
        from aligner.clean.exclude import CorpusExclusion

        return CorpusExclusion(keep_noise=self.options.keep_noise, clean=self.options.clean)

    def _write_corpus(self, done: list[tuple[str, str]]) -> None:
        meta = {"aligner": self.signature, "documents": len(done)}
        paths: list[Path] = []
        written = 0
        for fmt in self.options.formats:
            output = _format_path(self.out_dir / "corpus", fmt)
            exclusion = self._exclusion()
            report = write_pairs(self._corpus(done), fmt, output, meta=meta, exclude=exclusion)
            paths.extend(report.paths)
            if get_writer(fmt).corpus:  # the corpus formats' count, noise left out
                self.result.corpus_left_out = dict(exclusion.counts)
                written = report.written
            elif not self.result.corpus_left_out:
                written = report.written
        self.result.corpus_pairs = written
        self.result.corpus_paths = tuple(paths)


# ----------------------------------------------------------------------------- helpers


_TEMP = re.compile(r"\..+\.(\d+)-\d+\.tmp\Z")  # aligner.output.io's temp names: .NAME.PID-N.tmp


def _remove_stale_temps(out_dir: Path) -> None:
    """Temp files left by a killed run (its process is gone) are removed on the next."""
    for path in out_dir.rglob(".*.tmp"):
        match = _TEMP.match(path.name)
        if match and not _alive(int(match.group(1))):
            path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _format_path(base: Path, fmt: str) -> Path:
    """``base.tsv``, ``base.jsonl``…; moses takes ``base`` as its prefix."""
    extensions = get_writer(fmt).extensions
    return base.with_name(base.name + extensions[0]) if extensions else base


def _reason(exc: Exception, name: str) -> str:
    """The message without the leading file name: the manifest names the file already."""
    return str(exc).removeprefix(name + ": ")


def _read(path: Path, name: str) -> bytes:
    from aligner.errors import InputNotFoundError

    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise InputNotFoundError(f"{name}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputNotFoundError(f"{name}: is a folder") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from exc


def _sha256(data: bytes, target: bytes | None) -> str:
    digest = hashlib.sha256(data).hexdigest()
    if target is None:
        return digest
    return hashlib.sha256((digest + hashlib.sha256(target).hexdigest()).encode()).hexdigest()


def pair_from_json(data: dict[str, Any]) -> Pair:
    """The inverse of ``Pair.to_json``."""
    return Pair(
        doc=data["doc"], paragraph=data["paragraph"],
        source_ids=tuple(data["source_ids"]), target_ids=tuple(data["target_ids"]),
        source=data["source"], target=data["target"], confidence=data["confidence"],
        flags=frozenset(data["flags"]), bead=data["bead"],
        logprob=data.get("logprob"), tokens=data.get("tokens"),
    )


def _read_state(path: Path) -> Iterator[Pair]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            yield pair_from_json(json.loads(line))


def _put(target: queue.Queue[Any], item: Any, stop: threading.Event) -> bool:
    """Put, waiting for room, unless ``stop`` is set meanwhile (then False)."""
    while True:
        try:
            target.put(item, timeout=0.1)
            return True
        except queue.Full:
            if stop.is_set():
                return False


def _get(source: queue.Queue[Any], stop: threading.Event) -> Any:
    """Get, waiting; ``_END`` when ``stop`` is set (the producer died) and nothing is left."""
    while True:
        try:
            return source.get(timeout=0.1)
        except queue.Empty:
            if stop.is_set():
                return _END


class _Thread(threading.Thread):
    """A daemon worker that keeps its exception for the main thread to re-raise and sets
    ``failed`` when it dies of one, so nobody waits on it forever."""

    def __init__(self, target: Callable[..., None], failed: threading.Event, *args: Any) -> None:
        super().__init__(daemon=True)
        self._work, self._failed, self._args = target, failed, args
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self._work(*self._args)
        except BaseException as exc:
            self.error = exc
            self._failed.set()

    def reraise(self) -> None:
        if self.error is not None:
            raise self.error
