"""The document flow over folders: IN_DIR in, OUT_DIR with per-document outputs, a merged
corpus, a manifest and a report out. ``run`` wires the threads; see its docstring for the
layout of OUT_DIR and the resume guarantee."""
