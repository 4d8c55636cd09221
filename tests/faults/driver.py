"""Runs the real ``aligner`` CLI (``aligner.cli.main``) many times in this one process,
failing the Nth operation of one kind under the output folder at every N until a run
sees no fault, and prints what each run did as JSON lines.

One long-lived process, because importing the model's libraries costs seconds and a
fault suite of a few hundred runs must stay within a few minutes of CI time.

stdin: one JSON object per scenario line::

    {"name": ..., "argv": [... "{out}" ...], "kind": "write", "errno": 28,
     "inputs": [paths that must stay as they were], "compare": [files under {out} to
     hash after each run], "resume": rerun without a fault after each run, "stdout":
     standard output to {out}/stdout.txt, "cap": the largest N tried}

stdout: one JSON object per run: the scenario's name, n, whether the fault fired, the
exit code, stderr, a traceback if one escaped, the files left under {out}, whether the
inputs are unchanged, the hashes of the ``compare`` files after it and after the
uninterrupted run (n=0), and for ``resume`` scenarios the exit code, stderr and hashes of a
clean rerun into the same folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

import faultshim

faultshim.install()

from aligner.cli import main  # noqa: E402  (after the shim, so every open is wrapped)


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def _invoke(argv: list[str], out: Path, stdout: bool) -> dict[str, Any]:
    """One run of the CLI; stdout goes to ``out/stdout.txt`` when ``stdout``."""
    err = io.StringIO()
    sink = faultshim.open_sink(str(out / "stdout.txt")) if stdout else io.StringIO()
    code: Any = None
    escaped = None
    saved = sys.argv, sys.stdout, sys.stderr
    sys.argv, sys.stdout, sys.stderr = ["aligner", *argv], sink, err
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    except BaseException:
        escaped = traceback.format_exc()
    finally:
        sys.argv, sys.stdout, sys.stderr = saved
        with contextlib.suppress(OSError):
            sink.close()
    return {"code": code, "stderr": err.getvalue(), "traceback": escaped}


def _files(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())


def _scenario(spec: dict[str, Any], work: Path) -> None:
    out = work / "out"
    inputs = {p: _digest(Path(p)) for p in spec.get("inputs", [])}
    argv = [a.replace("{out}", str(out)) for a in spec["argv"]]
    stdout = bool(spec.get("stdout"))
    compare = spec.get("compare", [])

    def fresh() -> None:
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)

    fresh()
    faultshim.PLAN.arm(str(out))  # an uninterrupted run: the reference, and the op counts
    clean = _invoke(argv, out, stdout)
    reference = {name: _digest(out / name) for name in compare}
    counts = dict(faultshim.PLAN.counts)
    _emit(spec, 0, False, clean, out, inputs, counts=counts)
    for n in range(1, min(counts[spec["kind"]], spec.get("cap", 40)) + 1):
        fresh()
        faultshim.PLAN.arm(str(out), spec["kind"], n, spec["errno"])
        run = _invoke(argv, out, stdout)
        fired = faultshim.PLAN.fired
        faultshim.PLAN.arm(None)
        extra: dict[str, Any] = {
            "reference": reference,
            "after": {name: _digest(out / name) for name in compare},
        }
        if spec.get("resume"):
            again = _invoke(argv, out, stdout)
            extra |= {
                "rerun_code": again["code"],
                "rerun_stderr": again["stderr"],
                "rerun": {name: _digest(out / name) for name in compare},
            }
        _emit(spec, n, fired, run, out, inputs, **extra)


def _emit(
    spec: dict[str, Any],
    n: int,
    fired: bool,
    run: dict[str, Any],
    out: Path,
    inputs: dict[str, str | None],
    **extra: Any,
) -> None:
    files = _files(out)
    unchanged = all(_digest(Path(p)) == digest for p, digest in inputs.items())
    record = {
        "name": spec["name"],
        "kind": spec["kind"],
        "n": n,
        "fired": fired,
        **run,
        "out": str(out),
        "files": files,
        "inputs_unchanged": unchanged,
        **extra,
    }
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


def run() -> None:
    with tempfile.TemporaryDirectory(prefix="aligner-faults-") as folder:
        for number, line in enumerate(sys.stdin):
            if line.strip():
                _scenario(json.loads(line), Path(folder) / str(number))


if __name__ == "__main__":
    run()
