"""The load generator: wrk (Debian's package; `make wrk` installs it), run and read here.

wrk keeps `connections` connections busy for `seconds` (a closed loop: a new request leaves when
an answer came back) and reports the latency distribution of what it sent. A Lua script
(bench/post.lua) makes it send prepared forms instead of GETs.
"""

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class Result:
    label: str
    requests: int
    seconds: float
    per_second: float
    p50_ms: float
    p99_ms: float
    #: Answers that were not 2xx or 3xx, and connect, read, write errors and timeouts.
    errors: int
    output: str = ""


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is not installed; `make wrk` installs Debian's package")
    return found


def wrk_version() -> str:
    done = subprocess.run([wrk_binary(), "-v"], capture_output=True, text=True, check=False)  # noqa: S603
    match = re.search(r"wrk (\S+)", done.stdout + done.stderr)
    return match.group(1) if match else "?"


def _milliseconds(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if not match:
        raise ValueError(f"not a wrk duration: {value!r}")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def parse(label: str, output: str) -> Result:
    """The figures of wrk's report (`--latency`)."""
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    total = re.search(r"^\s+(\d+) requests in ([\d.]+\w+),", output, re.MULTILINE)
    per_second = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    if not (total and per_second and "50" in percentiles):
        raise ValueError(f"wrk's report could not be read:\n{output}")
    errors = 0
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket:
        errors += sum(int(n) for n in socket.groups())
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if bad:
        errors += int(bad.group(1))
    return Result(
        label,
        int(total.group(1)),
        _milliseconds(total.group(2)) / 1000,
        float(per_second.group(1)),
        _milliseconds(percentiles["50"]),
        _milliseconds(percentiles.get("99", percentiles["50"])),
        errors,
        output,
    )


def wrk_command(
    url: str,
    seconds: float,
    connections: int,
    threads: int = 2,
    headers: dict[str, str] | None = None,
    script: str | None = None,
) -> list[str]:
    threads = max(1, min(threads, connections))
    command = [wrk_binary(), "--latency", "-t", str(threads), "-c", str(connections)]
    command += ["-d", f"{max(1, round(seconds))}s", "--timeout", "10s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(SCRIPTS / script)]
    return [*command, url]


def start(label: str, command: list[str], env: dict[str, str] | None = None):
    """wrk running in the background; `finish` reads its report."""
    process = subprocess.Popen(  # noqa: S603 (our own command)
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    )
    return label, process


def finish(started) -> Result:
    label, process = started
    output, _ = process.communicate(timeout=600)
    if process.returncode != 0:
        raise SystemExit(f"wrk failed for {label}:\n{output}")
    return parse(label, output)


def measure(label: str, url: str, seconds: float, connections: int, **options) -> Result:
    """GET (or, with a script, whatever it sends) for `seconds` on `connections` connections."""
    env = options.pop("env", None)
    return finish(start(label, wrk_command(url, seconds, connections, **options), env))
