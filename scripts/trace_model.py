#!/usr/bin/env python
"""Follow the model through one ``aligner batch`` run: where it is built, wrapped and used.

    python scripts/trace_model.py [--command batch|translate] [--ray]

Runs the command in this process over a small folder with the tiny test model, and records
the first call of each ``aligner`` function that is handed (as an argument, not as the
``self`` it runs on) one of the translator stack's pieces (its options, the Translator,
the backend, the noise flagger, the stack, the engine, the memory planner, the window
translation), from the CLI down: the path a reader follows
through the code, each function once (the calls repeated for every chunk are the same
path). Consecutive functions in the same module are one stop. It prints the stops in
order, then:

    stops    how many
    modules  how many distinct modules
    revisits how many times a stop returns to a module visited before
    climbs   how many times a stop is in a higher layer than the one before it
             (layers: common/types < stages < pipeline < batch < cli)

These are the figures of the structure issue's "walk of ``model``" (measured, not by hand).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

STAGES = {"text", "translation", "alignment", "output", "clean", "checks", "evaluation"}
LAYER = {"pipeline": 2, "batch": 3, "cli": 4, "signature": 1}


def layer(module: str) -> int:
    part = module.split(".")[1] if module.count(".") else "__init__"
    return 1 if part in STAGES else LAYER.get(part, 0)


def tracked_types() -> tuple[type, ...]:
    from aligner.batch.engines import LocalEngine
    from aligner.batch.scheduler import WindowTranslation
    from aligner.clean import NoiseFlagger
    from aligner.translation.backends import Backend
    from aligner.translation.memory import MemoryPlanner
    from aligner.translation.stack import TranslatorOptions, TranslatorStack
    from aligner.translation.translator import Translator

    kinds: list[type] = [TranslatorOptions, Translator, Backend, NoiseFlagger, TranslatorStack]
    return (*kinds, LocalEngine, MemoryPlanner, WindowTranslation)


def trace(argv: list[str]) -> list[str]:
    kinds = tracked_types()
    stops: list[str] = []
    seen: set[object] = set()

    def hook(frame: FrameType, event: str, arg: Any) -> None:
        if event != "call":
            return
        module = frame.f_globals.get("__name__", "")
        if not module.startswith("aligner") or frame.f_code.co_name.startswith("<"):
            return
        code = frame.f_code
        names = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
        names = tuple(name for name in names if name not in ("self", "cls"))
        values = [frame.f_locals.get(name) for name in names]
        if code not in seen and any(isinstance(value, kinds) for value in values):
            seen.add(code)
            if not stops or stops[-1] != module:
                stops.append(module)

    from aligner.cli import app

    sys.setprofile(hook)
    try:
        app(argv, standalone_mode=False)
    finally:
        sys.setprofile(None)
    return stops


def summary(stops: list[str]) -> dict[str, int]:
    revisits = sum(1 for i, m in enumerate(stops) if m in stops[:i])
    climbs = sum(1 for a, b in itertools.pairwise(stops) if layer(b) > layer(a))
    return {"stops": len(stops), "modules": len(set(stops)), "revisits": revisits, "climbs": climbs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--command", choices=("batch", "translate"), default="batch")
    args = parser.parse_args()
    from make_test_model import build_model

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        model = build_model(folder / "tiny")
        src = folder / "in"
        src.mkdir()
        (src / "a.txt").write_text("Harga beras naik lagi. Pemerintah diam.\n", "utf-8")
        (src / "b.txt").write_text("Harga beras naik lagi.\n", "utf-8")
        common = ["--model", str(model), "--quiet"]
        if args.command == "batch":
            argv = ["batch", str(src), str(folder / "out"), *common]
        else:
            argv = ["translate", str(src / "a.txt"), "-o", str(folder / "a.tsv"), *common]
        stops = trace(argv)
    for number, module in enumerate(stops, 1):
        print(f"{number:3d}  {module}")
    print(" ".join(f"{key}={value}" for key, value in summary(stops).items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
