"""`qlaudit batch --scheduler`: a real Dask scheduler and two workers on 127.0.0.1 (started and stopped here) give the
same findings, byte for byte, as the local process pool."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qlaudit.cli import main

DATA = Path(__file__).resolve().parent.parent / "data"


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def scheduler(tmp_path):
    """tcp://127.0.0.1:PORT of a scheduler with two single-threaded workers, all stopped afterwards."""
    from distributed import Client

    info = tmp_path / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    processes = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                   "--port", "0", "--no-dashboard", "--scheduler-file", str(info)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)]
    try:
        deadline = time.monotonic() + 60
        while not info.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(info.read_text(encoding="utf-8"))["address"]
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nworkers", "2", "--nthreads", "1",
             "--no-dashboard", "--host", "127.0.0.1", "--local-directory", str(tmp_path / "workers")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=tmp_path))
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            _stop(process)


def test_the_cluster_gives_the_local_pool_findings_byte_for_byte(scheduler, tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(DATA / "lusong-kexie", data / "lusong-kexie")
    local, cluster = tmp_path / "local", tmp_path / "cluster"
    years = ["--years", "2023"]  # one report each way; the store also holds 2022, read by the carry-over rules
    assert main(["batch", "--data", str(data), "--out", str(local), "--jobs", "2", "--province", *years]) == 0
    assert main(["batch", "--data", str(data), "--out", str(cluster), "--scheduler", scheduler, *years]) == 0
    printed = capsys.readouterr().out
    assert printed.count("1 written, 0 skipped") == 2 and "DIFFERENT" not in printed
    compared = [Path("lusong-kexie/2023/findings.json"), Path("lusong-kexie/2023/findings.csv"),  # through the
                Path("province/cross_unit_findings.json"), Path("province/consistency.json")]  # published links
    for path in compared:
        assert (cluster / path).read_bytes() == (local / path).read_bytes(), path
    consistency = json.loads((cluster / "province" / "consistency.json").read_text(encoding="utf-8"))
    assert [u["report_findings"] for u in consistency["unit_years"]] == ["same"]
    assert consistency["store"] == {"lusong-kexie/2022": "stored", "lusong-kexie/2023": "stored"}
