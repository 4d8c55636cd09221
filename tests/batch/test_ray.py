"""aligner batch --ray on a local Ray runtime with the tiny model: the local run's corpus
byte for byte, a worker killed mid-run, a driver killed and resumed, one-line refusals;
and on a cluster of two nodes whose workers cannot see the driver's disk.

One Ray runtime serves the module (starting one costs seconds): in-process runs use it as
it is, subprocess drivers join it with --ray-address. The two-node cluster is started with
``ray start`` on loopback: a head without CPUs (so every actor runs on the other node) and
a worker node in a private mount namespace where the model folder and the model store are
empty tmpfs mounts (``unshare -m``; root, as CI runs).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import ray
from typer.testing import CliRunner

from aligner.batch.distributed import RayOptions, start_ray
from aligner.batch.distributed.ray_engine import RayEngine
from aligner.batch.runner import BatchOptions, run_batch
from aligner.cli import app
from aligner.translation.memory import MemoryPlan
from aligner.translation.stack import TranslatorOptions, build_stack, build_translator

DATA = Path(__file__).parents[1] / "data"
runner = CliRunner()
WORKER_TITLE = b"MapBatches(ChunkTranslator)"  # in a Ray Data actor's process title


@pytest.fixture(scope="module")
def ray_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        # the workers (children of this runtime) unpack shipped models here, not in /tmp
        patch.setenv("ALIGNER_RAY_CACHE", str(tmp_path_factory.mktemp("ray-cache")))
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Files of two or three paragraphs of the article; one file twice, and sentences
    shared between files, so the translation memory answers some across chunks."""
    lines = [
        line
        for line in (DATA / "article-ukraine.id.txt").read_text("utf-8").splitlines()
        if line.strip()
    ]
    root = tmp_path_factory.mktemp("ray") / "in"
    (root / "sub").mkdir(parents=True)
    for i in range(24):
        part = lines[i % len(lines) : i % len(lines) + 2 + i % 2]
        (root / ("sub" if i % 3 else "") / f"f{i:02d}.txt").write_text(
            "\n".join(part) + "\n", encoding="utf-8"
        )
    (root / "again.txt").write_text((root / "f00.txt").read_text("utf-8"), encoding="utf-8")
    return root


def _batch(*args: str) -> None:
    result = runner.invoke(app, ["batch", *args, "-q"])
    assert result.exit_code == 0, result.stderr


def _outputs(out: Path) -> dict[str, bytes]:
    """Every pair output of a run: corpus.* and docs/ (not the manifest, report, memory)."""
    paths = [*out.glob("corpus.*"), *(out / "docs").rglob("*")]
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in paths if p.is_file()}


@pytest.fixture(scope="module")
def local_run(folder: Path, tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local") / "out"
    _batch(
        str(folder),
        str(out),
        "--model",
        str(tiny_model),
        "--chunk",
        "16",
        "-f",
        "tsv,jsonl,moses,tmx,parquet",
    )
    return out


def test_ray_corpus_is_the_local_corpus(
    ray_address: str, folder: Path, tiny_model: Path, local_run: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _batch(
        str(folder),
        str(out),
        "--model",
        str(tiny_model),
        "--chunk",
        "16",
        "-f",
        "tsv,jsonl,moses,tmx,parquet",
        "--ray",
        "--workers",
        "2",
    )
    expected = _outputs(local_run)
    assert len(expected) > 4 * 25 and b"\t" in expected["corpus.tsv"]
    assert _outputs(out) == expected
    records = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert {r["status"] for r in records} == {"done"} and len(records) == 25
    local = {
        json.loads(line)["path"]: json.loads(line)["cached"]
        for line in (local_run / "manifest.jsonl").read_text().splitlines()
    }
    assert {r["path"]: r["cached"] for r in records} == local  # the memory answered alike


@pytest.mark.parametrize("use_cache", [True, False])
def test_small_windows_keep_the_local_chunks(
    ray_address: str, folder: Path, tiny_model: Path, tmp_path: Path, use_cache: bool
) -> None:
    """Windows of three chunks: a sentence an earlier chunk of the window translates is
    answered from it, as the memory answers it locally; without a memory it is not."""
    settings = TranslatorOptions(model=str(tiny_model))
    options = BatchOptions(chunk_sentences=16, use_cache=use_cache, formats=("jsonl",))
    local = run_batch(folder, tmp_path / "local", build_translator(settings), options)
    with start_ray(RayOptions(workers=2, window=3), settings) as cluster:
        engine = RayEngine(cluster)
        remote = run_batch(folder, tmp_path / "ray", None, options, engine=engine)
        texts = ["Harga beras naik lagi.", "2024"]
        (fresh,) = engine.translate_plans([MemoryPlan(texts, {}, texts)], lambda n: None)
        stack = build_stack(settings)
        assert engine.signature == stack.signature
        assert fresh == dict(zip(texts, stack.translator.translate(texts), strict=True))
    assert _outputs(tmp_path / "ray") == _outputs(tmp_path / "local")
    assert (remote.cache_hits, remote.sentences) == (local.cache_hits, local.sentences)
    assert (remote.cache_hits > 0) is use_cache


def _driver(
    folder: Path, out: Path, model: Path, address: str, auth: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """``aligner batch --ray`` in its own process, joined to the runtime at ``address``
    (``auth``: its token settings); outputs forced to 40 tokens so that the run lasts long
    enough to be interrupted."""
    env = {**os.environ, "ALIGNER_BENCH_OUTPUT_TOKENS": "40", **(auth or {})}
    command = [
        sys.executable,
        "-m",
        "aligner",
        "batch",
        str(folder),
        str(out),
        "--model",
        str(model),
        "--chunk",
        "4",
        "-f",
        "tsv,jsonl",
        "--ray",
        "--workers",
        "2",
        "--ray-address",
        address,
        "-q",
    ]
    return subprocess.Popen(command, env=env, stderr=subprocess.PIPE)


def _done(out: Path) -> int:
    manifest = out / "manifest.jsonl"
    text = manifest.read_text("utf-8") if manifest.exists() else ""
    return sum('"done"' in line for line in text.splitlines())


def _wait_for_done(out: Path, driver: subprocess.Popen[bytes], at_least: int = 1) -> None:
    deadline = time.monotonic() + 240
    while _done(out) < at_least:
        assert driver.poll() is None, driver.stderr.read() if driver.stderr else ""
        assert time.monotonic() < deadline, "no file done in time"
        time.sleep(0.05)


def _workers(under: int | None = None) -> list[int]:
    """The pids of Ray Data actors (``under``: only descendants of that process)."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and WORKER_TITLE in (entry / "cmdline").read_bytes():
                pids.append(int(entry.name))
        except OSError:  # gone meanwhile
            continue
    return [pid for pid in pids if under is None or under in _ancestors(pid)]


def _ancestors(pid: int) -> list[int]:
    found = []
    while pid > 1:
        try:
            stat = (Path("/proc") / str(pid) / "stat").read_text()
        except OSError:
            break
        pid = int(stat.rpartition(")")[2].split()[1])  # the field after the state
        found.append(pid)
    return found


@pytest.fixture(scope="module")
def forced_local(
    folder: Path,
    tiny_model: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """The local run the interrupted Ray runs must equal (same forced output length)."""
    out = tmp_path_factory.mktemp("forced") / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALIGNER_BENCH_OUTPUT_TOKENS", "40")
        _batch(str(folder), str(out), "--model", str(tiny_model), "--chunk", "4", "-f", "tsv,jsonl")
    return out


@pytest.mark.slow
def test_a_killed_worker_is_restarted_and_the_corpus_is_unchanged(
    ray_address: str, folder: Path, tiny_model: Path, forced_local: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    driver = _driver(folder, out, tiny_model, ray_address)
    _wait_for_done(out, driver)
    (victim, *_) = _workers()
    os.kill(victim, signal.SIGKILL)
    assert driver.poll() is None and _done(out) < 25  # killed mid-run
    _, stderr = driver.communicate(timeout=300)
    assert driver.returncode == 0, stderr.decode()
    assert victim not in _workers()
    assert _done(out) == 25
    assert _outputs(out) == _outputs(forced_local)


@pytest.mark.slow
def test_a_killed_driver_resumes(
    ray_address: str, folder: Path, tiny_model: Path, forced_local: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    driver = _driver(folder, out, tiny_model, ray_address)
    _wait_for_done(out, driver, at_least=3)
    driver.send_signal(signal.SIGKILL)
    driver.wait(timeout=60)
    first = _done(out)
    assert 3 <= first < 25
    again = _driver(folder, out, tiny_model, ray_address)
    _, stderr = again.communicate(timeout=300)
    assert again.returncode == 0, stderr.decode()
    records = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert len(records) == 25 and {r["status"] for r in records} == {"done"}
    assert _outputs(out) == _outputs(forced_local)


def test_gpus_asked_of_a_cluster_without_any(
    ray_address: str, folder: Path, tiny_model: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        app,
        [
            "batch",
            str(folder),
            str(tmp_path / "out"),
            "--model",
            str(tiny_model),
            "--ray",
            "--gpus-per-worker",
            "1",
        ],
    )
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "aligner: error: --workers 1 --gpus-per-worker 1 needs 1 GPU(s); the Ray cluster"
        " has no GPUs"
    ]
    assert not (tmp_path / "out" / "manifest.jsonl").exists()


def test_ray_not_installed(
    monkeypatch: pytest.MonkeyPatch, folder: Path, tmp_path: Path, tiny_model: Path
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` does without it
    result = runner.invoke(
        app, ["batch", str(folder), str(tmp_path / "out"), "--model", str(tiny_model), "--ray"]
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "aligner: error: --ray needs Ray Data: pip install 'aligner[ray]'"
    )
    assert not (tmp_path / "out").exists()


def test_an_address_nobody_answers_at(folder: Path, tiny_model: Path, tmp_path: Path) -> None:
    """In a fresh process (this one's runtime would be used as it is)."""
    command = [
        sys.executable,
        "-m",
        "aligner",
        "batch",
        str(folder),
        str(tmp_path / "out"),
        "--model",
        str(tiny_model),
        "--ray",
        "--ray-address",
        "no-such-host.invalid:6379",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(
        "aligner: error: cannot connect to the Ray cluster at no-such-host.invalid:6379: "
    )
    assert not (tmp_path / "out" / "manifest.jsonl").exists()


@pytest.mark.parametrize(
    "args", [["--workers", "2"], ["--ray-address", "auto"], ["--gpus-per-worker", "1"]]
)
def test_ray_options_need_ray(args: list[str], folder: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(folder), str(tmp_path / "out"), *args])
    assert result.exit_code == 2
    assert "go with --ray" in result.stderr


# ------------------------------------------------------------ two nodes, no shared disk


@dataclass(frozen=True)
class TwoNodes:
    address: str
    auth: dict[str, str]  # Ray 2.60's token authentication, on: what a driver must set
    worker_node: int  # pid of the worker node's `ray start`, inside its mount namespace
    cache: Path  # the worker node's ALIGNER_RAY_CACHE


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def _ray_start(args: list[str], env: dict[str, str], hide: list[Path]) -> subprocess.Popen[str]:
    """``ray start --block ARGS`` (its own process group), inside a private mount namespace
    with an empty tmpfs over each of ``hide`` when any; returns once the node is up."""
    ray_cli = str(Path(sys.executable).with_name("ray"))
    command = [ray_cli, "start", "--block", "--node-ip-address=127.0.0.1",
               "--disable-usage-stats", "--object-store-memory=100000000", *args]  # fmt: skip
    if hide:
        mounts = " && ".join(f'mount -t tmpfs tmpfs "${i + 1}"' for i in range(len(hide)))
        script = f'{mounts} && shift {len(hide)} && exec "$@"'
        command = ["unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh",
                   *map(str, hide), *command]  # fmt: skip
    node = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    assert node.stdout is not None
    said = []
    for line in node.stdout:  # `ray start --block` says so when the node is up, then blocks
        said.append(line)
        if "Ray runtime started" in line:
            return node
    _stop(node)
    raise AssertionError("ray start failed:\n" + "".join(said))


def _stop(node: subprocess.Popen[str]) -> None:
    """The node and every process of its group (raylet, workers): TERM, then KILL."""
    for sig, grace in ((signal.SIGTERM, 5), (signal.SIGKILL, 10)):
        try:
            os.killpg(node.pid, sig)
        except ProcessLookupError:
            break
        try:
            node.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            continue
    if node.stdout is not None:
        node.stdout.close()


def _can_hide(folder: Path) -> bool:
    """Whether this machine lets a process mount over ``folder`` in its own namespace (a
    container without CAP_SYS_ADMIN does not)."""
    command = ["unshare", "-m", "--propagation", "private", "sh", "-c",
               'mount -t tmpfs tmpfs "$0"', str(folder)]  # fmt: skip
    return subprocess.run(command, capture_output=True, timeout=30).returncode == 0


@pytest.fixture(scope="module")
def two_nodes(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TwoNodes]:
    probe = tmp_path_factory.mktemp("probe")
    if shutil.which("unshare") is None or os.geteuid() != 0 or not _can_hide(probe):
        pytest.skip("the worker node's private mounts need unshare -m and mount, as root")
    gcs, client, agent_head, agent_worker = _free_ports(4)
    temp = Path(tempfile.mkdtemp(prefix="ray", dir="/tmp"))  # short: Ray's socket paths
    cache = tmp_path_factory.mktemp("node-cache")
    token = tmp_path_factory.mktemp("auth") / "auth_token"
    token.write_text(secrets.token_hex(32), encoding="ascii")
    auth = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN_PATH": str(token)}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAY_", "ALIGNER_RAY"))}
    env.update(auth)
    head = _ray_start(
        ["--head", "--num-cpus=0", f"--port={gcs}", f"--ray-client-server-port={client}",
         f"--dashboard-agent-listen-port={agent_head}", "--include-dashboard=false",
         f"--temp-dir={temp}"],
        env, [],
    )  # fmt: skip
    try:
        hidden = [tiny_model, Path(os.environ["ALIGNER_MODELS"])]
        worker = _ray_start(
            [f"--address=127.0.0.1:{gcs}", "--num-cpus=2",
             f"--dashboard-agent-listen-port={agent_worker}"],
            {**env, "ALIGNER_RAY_CACHE": str(cache)}, hidden,
        )  # fmt: skip
        try:
            yield TwoNodes(f"127.0.0.1:{gcs}", auth, worker.pid, cache)
        finally:
            _stop(worker)
    finally:
        _stop(head)
        shutil.rmtree(temp, ignore_errors=True)


@pytest.mark.slow
def test_two_nodes_without_a_shared_disk_give_the_local_corpus(
    two_nodes: TwoNodes, folder: Path, tiny_model: Path, forced_local: Path, tmp_path: Path
) -> None:
    """Every actor runs on the worker node, which sees neither the model folder nor the
    converted model; one is killed mid-run; the corpus is the local one byte for byte."""
    seen_there = Path(f"/proc/{two_nodes.worker_node}/root") / tiny_model.relative_to("/")
    assert (tiny_model / "config.json").is_file() and not (seen_there / "config.json").exists()
    out = tmp_path / "out"
    driver = _driver(folder, out, tiny_model, two_nodes.address, two_nodes.auth)
    _wait_for_done(out, driver)
    (victim, *_) = _workers(under=two_nodes.worker_node)
    os.kill(victim, signal.SIGKILL)
    assert driver.poll() is None and _done(out) < 25  # killed mid-run
    _, stderr = driver.communicate(timeout=300)
    assert driver.returncode == 0, stderr.decode()
    assert stderr == b""  # no stray line of Ray's on the driver's stderr
    assert _outputs(out) == _outputs(forced_local)
    (unpacked,) = [p for p in two_nodes.cache.iterdir() if not p.name.startswith(".")]
    assert (unpacked / "model" / tiny_model.name / "config.json").is_file()  # once per node


@pytest.mark.slow
def test_a_driver_without_the_clusters_token_is_refused_in_one_line(
    two_nodes: TwoNodes, folder: Path, tiny_model: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    driver = _driver(folder, out, tiny_model, two_nodes.address, {"RAY_AUTH_MODE": "disabled"})
    _, stderr = driver.communicate(timeout=120)
    assert driver.returncode == 1
    (line,) = stderr.decode().strip().splitlines()
    assert line.startswith(
        f"aligner: error: the Ray cluster at {two_nodes.address} refused this driver's token"
    )
    assert not (out / "manifest.jsonl").exists()
