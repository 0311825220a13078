"""A PostgreSQL restart under the web benchmark's load: requests fail cleanly while the database is away and
succeed again after it, without restarting Samla.

Run:  .venv/bin/python -m benchmarks.pg_restart [--users 20] [--duration 30] [--restart-at 10] [--think 0.2]

It never touches a PostgreSQL it did not start. In a fresh temporary folder it
1. makes a throwaway PostgreSQL cluster (``initdb`` and ``pg_ctl`` from the newest /usr/lib/postgresql/N/bin, run
   as the ``postgres`` user when we are root) on a free port, and Samla's database in it;
2. migrates it, fills it with the web benchmark's national-scale data (benchmarks/web_seed.py) and starts the
   production server (gunicorn with the production settings, persistent connections with health checks);
3. runs --users simulated users (as benchmarks/web.py, think time 0..2×--think) and, --restart-at seconds in,
   restarts that cluster (``pg_ctl restart -m fast``: every connection is cut, the server is away until it has
   started again);
4. prints every answer that was not a 200 by kind, and the timeline: when the restart began, when PostgreSQL
   accepted connections again, the last failed answer and the first full second with no failure after it.

"Clean" means every failed request got an HTTP answer (Samla's 500 page) in good time — no hung or cut
connection (status 0) and no server restart. The last line is

    pg restart: users=<n> requests=<n> failed=<n> unclean=<n> down_s=<x> failing_s=<x> recovered_after_s=<x>

where down_s is how long PostgreSQL was away, failing_s the span from the first to the last failed answer and
recovered_after_s the time from PostgreSQL accepting connections again to the last failed answer (0 if none
failed after it).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from benchmarks.static import collected_static
from benchmarks.web import BIN, ROOT, _free_port, _wait_for


def pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    if not found:
        raise SystemExit("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)")
    return found[-1].parent


class Cluster:
    """A throwaway PostgreSQL cluster in ``folder``, listening on 127.0.0.1:``port`` only, trust authentication."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port, self.bin = folder, port, pg_bin()
        self.data, self.log = folder / "data", folder / "postgres.log"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_postgres, str(self.bin / tool), *args], check=True, stdout=subprocess.DEVNULL,
                       cwd=self.folder)

    def create(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")

    def _options(self) -> str:
        return (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder} "
                "-c fsync=off -c max_connections=200")

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self._options(), "-w", "start")

    def restart(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self._options(), "-m", "fast", "-w",
                  "restart")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/samla_soak"

    def create_database(self) -> None:
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE samla_soak")

    def accepting(self) -> bool:
        import psycopg

        try:
            with psycopg.connect(self.url.replace("postgres://", "postgresql://"), connect_timeout=1):
                return True
        except psycopg.Error:
            return False


class Timeline:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.answers: list[tuple[float, int, str]] = []  # (monotonic time, status, page)

    def add(self, at: float, status: int, page: str) -> None:
        with self.lock:
            self.answers.append((at, status, page))


def _user(port: int, user: dict, stop_at: float, think: float, timeline: Timeline, seed: int) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    headers = {"Cookie": user["cookie"]} if user["cookie"] else {}
    pages = user["pages"]
    i = rng.randrange(len(pages))
    while time.monotonic() < stop_at:
        page = pages[i % len(pages)]
        i += 1
        try:
            conn.request("GET", page, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
            status = 0
        timeline.add(time.monotonic(), status, page)
        if think:
            time.sleep(rng.uniform(0, 2 * think))
    conn.close()


def _restart(cluster: Cluster, at: float, marks: dict[str, float]) -> None:
    time.sleep(max(0.0, at - time.monotonic()))
    marks["restart"] = time.monotonic()
    cluster.restart()
    marks["pg_ctl_done"] = time.monotonic()
    while not cluster.accepting():
        time.sleep(0.05)
    marks["accepting"] = time.monotonic()


def report(timeline: Timeline, marks: dict[str, float], n_users: int) -> tuple[list[str], dict[str, float]]:
    answers = sorted(timeline.answers)
    failed = [(t, s, p) for t, s, p in answers if s != 200]
    unclean = [a for a in failed if a[1] == 0]
    restart, accepting = marks["restart"], marks["accepting"]
    kinds = sorted(Counter(s for _, s, _ in failed).items())
    named = ", ".join(f"HTTP {s} ×{n}" if s else f"no answer ×{n}" for s, n in kinds) or "none"
    lines = [f"answers: {len(answers)}, of them not 200: {len(failed)} ({named})"]
    before = sum(1 for t, s, _ in failed if t < restart)
    lines.append(f"failed before the restart: {before}")
    figures = {"down_s": accepting - restart, "failing_s": 0.0, "recovered_after_s": 0.0}
    if failed:
        first, last = failed[0][0], failed[-1][0]
        figures["failing_s"] = last - first
        figures["recovered_after_s"] = max(0.0, last - accepting)
        lines.append(f"first failed answer at restart{first - restart:+.2f} s, last at restart{last - restart:+.2f} s")
        after = [a for a in answers if a[0] > last]
        ok_after = sum(1 for a in after if a[1] == 200)
        lines.append(f"after the last failure: {ok_after} of {len(after)} answers were 200")
    lines.append(f"restart began at t=0; pg_ctl returned at +{marks['pg_ctl_done'] - restart:.2f} s; PostgreSQL "
                 f"accepted connections again at +{accepting - restart:.2f} s")
    summary = (f"pg restart: users={n_users} requests={len(answers)} failed={len(failed)} unclean={len(unclean)} "
               f"down_s={figures['down_s']:.2f} failing_s={figures['failing_s']:.2f} "
               f"recovered_after_s={figures['recovered_after_s']:.2f}")
    return [*lines, summary], figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load")
    parser.add_argument("--restart-at", type=float, default=10.0, help="seconds into the load")
    parser.add_argument("--think", type=float, default=0.2)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--conn-max-age", default="60", help="SAMLA_CONN_MAX_AGE of the server (0: no reuse)")
    ns = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="samla-pg-restart-") as tmp:
        os.chmod(tmp, 0o711)  # the postgres user may pass through to its own folder
        cluster = Cluster(Path(tmp) / "pg", _free_port())
        cluster.create()
        cluster.start()
        server = None
        try:
            cluster.create_database()
            env = dict(os.environ, SAMLA_VAR_DIR=str(Path(tmp) / "var"), SAMLA_DEBUG="0",
                       SAMLA_SECRET_KEY="benchmark-" + "x" * 40, SAMLA_STATIC_MANIFEST="1",
                       SAMLA_DEMO_PROGRAMME="national", SAMLA_CONN_MAX_AGE=ns.conn_max_age,
                       DJANGO_SETTINGS_MODULE="samla.settings", PYTHONPATH=str(ROOT), DATABASE_URL=cluster.url)
            started = time.perf_counter()
            subprocess.run([BIN / "samla", "manage", "migrate", "--verbosity", "0"], env=env, check=True, cwd=ROOT)
            env = collected_static(env)
            seeded = subprocess.run([sys.executable, "-m", "benchmarks.web_seed", str(ns.users - 1)], env=env,
                                    check=True, cwd=ROOT, capture_output=True, text=True)
            data = json.loads(seeded.stdout.strip().splitlines()[-1])
            users = [user for user in data["users"] if user["pages"]]
            print(f"data: {data['municipalities']} municipalities, {data['applications']} applications in a "
                  f"throwaway PostgreSQL on port {cluster.port} (set up in {time.perf_counter() - started:.1f} s)")

            port = _free_port()
            server = subprocess.Popen(
                [BIN / "gunicorn", "samla.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers",
                 str(ns.workers), "--threads", str(ns.threads), "--worker-class", "gthread", "--log-level",
                 "error"], env=env, cwd=ROOT, start_new_session=True, stderr=subprocess.DEVNULL)
            _wait_for(port, server)
            warm = Timeline()
            for user in {u["kind"]: u for u in users}.values():
                _user(port, user, time.monotonic() + 1, 0, warm, 1)
            pid = server.pid

            timeline, marks = Timeline(), {}
            t0 = time.monotonic()
            stop_at = t0 + ns.duration
            threads = [threading.Thread(target=_user, args=(port, user, stop_at, ns.think, timeline, n))
                       for n, user in enumerate(users)]
            threads.append(threading.Thread(target=_restart, args=(cluster, t0 + ns.restart_at, marks)))
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert server.poll() is None and server.pid == pid, "the Samla server stopped"
        finally:
            if server is not None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
            cluster.stop()

    lines, _ = report(timeline, marks, len(users))
    print(f"server: gunicorn gthread, {ns.workers} workers × {ns.threads} threads, SAMLA_CONN_MAX_AGE="
          f"{ns.conn_max_age} with health checks; {ns.users} users, think time mean {ns.think} s, "
          f"{ns.duration:.0f} s, restart at {ns.restart_at:.0f} s (the same server process throughout)")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
