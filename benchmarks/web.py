"""The web application at national scale under 50 concurrent simulated users.

Run:  .venv/bin/python -m benchmarks.web [--users 50] [--duration 30] [--think 1.0] [--workers N]
      (add --database-url postgres://postgres@127.0.0.1:5432/samla_bench to measure on PostgreSQL;
       that database is dropped and re-created)

What it does, in a fresh temporary folder:
1. migrates an empty database and fills it with national-scale synthetic data (benchmarks/web_seed.py:
   15 regions, 357 municipalities, one call per region, 357 submitted applications with assessments);
2. collects the static files and starts the production server: gunicorn with the production settings
   (SAMLA_DEBUG off, a secret key, hashed and compressed static files served by WhiteNoise);
3. runs --users simulated users in threads, each signed in as a directorate, county-governor,
   resource-group or municipality user (one anonymous user too), each opening its role's main pages in
   turn with keep-alive connections and a think time drawn uniformly from 0..2×--think seconds (a person
   reading the page; --think 0 makes it a closed-loop stress test);
4. prints p50, p95 and p99 latency per page and overall, throughput and errors. The last line is

    web national: users=<n> requests=<n> p50_ms=<x> p95_ms=<x> throughput_rps=<x> errors=<n>

Target: p95 < 100 ms. Any non-200 answer counts as an error (and is listed).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.static import collected_static

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _reset_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _wait_for(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped (exit code {proc.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start in time")


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: list[tuple[str, int]] = []

    def add(self, page: str, seconds: float, status: int) -> None:
        with self.lock:
            self.latencies[page].append(seconds * 1000)
            if status != 200:
                self.errors.append((page, status))


def _user(port: int, user: dict, stop_at: float, think: float, rec: Recorder, seed: int) -> None:
    """One simulated user: requests its pages in turn until ``stop_at``, and in any case until it has opened each
    of them once (so every page is in the results, however slow the machine)."""
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": user["cookie"]} if user["cookie"] else {}
    pages = user["pages"]
    i = rng.randrange(len(pages))
    time.sleep(rng.uniform(0, 2 * think))  # users arrive spread out, not all in the same millisecond
    requests = 0
    while time.monotonic() < stop_at or requests < len(pages):
        requests += 1
        page = pages[i % len(pages)]
        i += 1
        started = time.perf_counter()
        try:
            conn.request("GET", page, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            status = 0
        rec.add(re.sub(r"/\d+/", "/<id>/", page.split("?")[0]), time.perf_counter() - started, status)
        if think:
            time.sleep(rng.uniform(0, 2 * think))
    conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of measured load")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between a user's requests")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (default: SQLite in a temp folder)")
    ns = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="samla-bench-") as tmp:
        env = dict(os.environ, SAMLA_VAR_DIR=tmp, SAMLA_DEBUG="0", SAMLA_SECRET_KEY="benchmark-" + "x" * 40,
                   SAMLA_STATIC_MANIFEST="1", SAMLA_DEMO_PROGRAMME="national",
                   DJANGO_SETTINGS_MODULE="samla.settings", PYTHONPATH=str(ROOT))
        if ns.database_url:
            _reset_postgres(ns.database_url)
            env["DATABASE_URL"] = ns.database_url
        else:
            env.pop("DATABASE_URL", None)
        started = time.perf_counter()
        subprocess.run([BIN / "samla", "manage", "migrate", "--verbosity", "0"], env=env, check=True, cwd=ROOT)
        env = collected_static(env)
        seeded = subprocess.run([sys.executable, "-m", "benchmarks.web_seed", str(ns.users - 1)], env=env,
                                check=True, cwd=ROOT, capture_output=True, text=True)
        data = json.loads(seeded.stdout.strip().splitlines()[-1])
        data["users"] = [user for user in data["users"] if user["pages"]]
        print(f"data: {data['regions']} regions, {data['municipalities']} municipalities, "
              f"{data['applications']} applications (set up in {time.perf_counter() - started:.1f} s)")

        port = _free_port()
        server = subprocess.Popen(
            [BIN / "gunicorn", "samla.wsgi:application", "--preload", "--bind", f"127.0.0.1:{port}", "--workers",
             str(ns.workers), "--threads", str(ns.threads), "--worker-class", "gthread", "--log-level", "warning"],
            env=env, cwd=ROOT, start_new_session=True)
        try:
            _wait_for(port, server)
            # Warm-up: one user of each kind opens each of its pages, as many times as there are workers, so
            # that first-request costs (imports, template loading, connections) are not measured.
            warm = Recorder()
            one_of_each_kind = list({user["kind"]: user for user in data["users"]}.values())
            for _ in range(ns.workers):
                for user in one_of_each_kind:
                    _user(port, user, time.monotonic(), 0, warm, 1)

            rec = Recorder()
            stop_at = time.monotonic() + ns.duration
            threads = [threading.Thread(target=_user, args=(port, user, stop_at, ns.think, rec, n))
                       for n, user in enumerate(data["users"])]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - t0
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)

    every = [v for values in rec.latencies.values() for v in values]
    # Cold start: the very first request of each page (the warm-up's first, served by a fresh worker) against the
    # page's median under load. With the warm-up in samla/wsgi.py and --preload it stays within a few medians.
    ratios = sorted(((warm.latencies[page][0] / statistics.median(rec.latencies[page]), page)
                     for page in warm.latencies if rec.latencies.get(page)), reverse=True)
    if ratios:
        worst, worst_page = ratios[0]
        print(f"cold start: first request per page / median under load: worst {worst:.1f}x ({worst_page}), "
              f"median {statistics.median(r for r, _ in ratios):.1f}x over {len(ratios)} pages")
    print(f"{'page':45} {'n':>6} {'p50_ms':>8} {'p95_ms':>8} {'p99_ms':>8}")
    for page in sorted(rec.latencies):
        values = rec.latencies[page]
        print(f"{page:45} {len(values):6d} {statistics.median(values):8.1f} {_percentile(values, 95):8.1f} "
              f"{_percentile(values, 99):8.1f}")
    if rec.errors:
        counts: dict[tuple[str, int], int] = defaultdict(int)
        for error in rec.errors:
            counts[error] += 1
        print("errors: " + ", ".join(f"{page} → {status} ×{n}" for (page, status), n in sorted(counts.items())))
    print(f"server: gunicorn gthread, {ns.workers} workers × {ns.threads} threads, "
          f"{'PostgreSQL' if ns.database_url else 'SQLite'}; think time mean {ns.think} s; {elapsed:.1f} s")
    print(f"web national: users={len(data['users'])} requests={len(every)} "
          f"p50_ms={statistics.median(every):.1f} p95_ms={_percentile(every, 95):.1f} "
          f"throughput_rps={len(every) / elapsed:.1f} errors={len(rec.errors)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
