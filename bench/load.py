"""A small closed-loop load generator: N threads, one keep-alive connection each."""

import http.client
import statistics
import threading
import time
from dataclasses import dataclass


@dataclass
class Result:
    path: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0


def _worker(port, path, count, deadline, latencies, errors, lock):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    mine, failed = [], 0
    for _ in range(count):
        if time.monotonic() > deadline:
            break
        start = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                failed += 1
        except (OSError, http.client.HTTPException):
            failed += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine.append((time.perf_counter() - start) * 1000)
    connection.close()
    with lock:
        latencies.extend(mine)
        errors.append(failed)


def measure(port: int, path: str, total: int, threads: int, max_seconds: float) -> Result:
    """Send `total` GETs for `path` from `threads` threads, stopping after `max_seconds`."""
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds
    per_thread = max(1, total // threads)
    workers = [
        threading.Thread(
            target=_worker, args=(port, path, per_thread, deadline, latencies, errors, lock)
        )
        for _ in range(threads)
    ]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return Result(path, len(latencies), sum(errors), time.perf_counter() - start, latencies)
