"""The document flow over folders: IN_DIR in, OUT_DIR with per-document outputs, a merged
corpus, a manifest and a report out.

    run        run_batch: wires the threads below, then the corpus and the report
    reader     input files -> Jobs (read, hashed, resume check, segmented)
    scheduler  the model loop: cross-file chunks -> translation memory / model, or alignment
    writers    a finished Job's outputs and canonical record, then its manifest line
    jobs       Job and its JobState; the context the threads share
    corpus     the merged corpus rebuilt from the canonical records; corpus statistics
    walk, manifest, report, result, options, threads: as named

See ``batch.runner`` for the layout of OUT_DIR and the resume guarantee.
"""
