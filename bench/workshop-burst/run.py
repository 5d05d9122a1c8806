"""Welfare-voucher workshop burst: 500 phones join and vote within a minute, under gunicorn.

What it does, all on loopback:

1. creates (or reuses) the PostgreSQL database ``arki_bench_budgeting``, migrates it and sets
   up a process with an open 18-service voucher round in a live session (``setup_round.py``);
2. starts gunicorn with the production settings (``config.wsgi``, gthread workers);
3. starts the participants at an even pace over ``--window`` seconds. Each one does what a
   phone does: opens the join page, joins, opens the ballot page and sends a ballot (a random
   whole-number split of its 10 vouchers over 1–5 services), each with its own cookies and
   CSRF token. Meanwhile a logged-in projector fetches the results fragment every second, as
   the projector page's htmx does;
4. then, against the same server, measures the throughput of a trivial view (the "enter the
   code" page, no database) for ``--trivial-seconds`` with 16 client threads;
5. counts the ballots stored in the database and checks their vouchers against what was sent;
6. measures, against the same server, the closed-loop maximum throughput (``--loop-threads``
   clients, each a joined phone sending its next answer as soon as the last one returned, for
   ``--loop-seconds``) of a voucher ballot POST, of a scale answer and of a word-cloud
   answer, then the trivial view's again; each is reported as a share of the trivial view's
   throughput (the mean of the measurements before and after);
7. runs a second burst: ``--scale-phones`` phones (1,000) join and answer a scale within a
   minute while the projector follows the scale's results every second.

Results go to ``bench/workshop-burst/results/latest.json`` and are printed as a table.

    .venv/bin/python bench/workshop-burst/run.py [--participants 500] [--window 50]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PYTHON = REPO / ".venv" / "bin" / "python"
GUNICORN = REPO / ".venv" / "bin" / "gunicorn"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """One phone: a keep-alive connection, its cookies and its CSRF token."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reconnects = 0
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {"Accept-Language": "fi"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.HTTPException):
            # gunicorn closed the kept-alive connection (idle, or the worker recycled it):
            # like a browser, open a new one and send the request again, once.
            self.reconnects += 1
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        elapsed = (time.perf_counter() - started) * 1000
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                self.cookies[key] = morsel.value
        return response.status, text, elapsed

    def token(self, html: str) -> str:
        match = TOKEN.search(html)
        if not match:
            raise RuntimeError("no CSRF token on the page")
        return match.group(1)

    def close(self) -> None:
        self.conn.close()


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.sent_vouchers = 0
        self.finished_at: list[float] = []

    def add(self, kind: str, ms: float) -> None:
        with self.lock:
            self.latency.setdefault(kind, []).append(ms)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def expect(status: int, wanted: int, what: str) -> None:
    if status != wanted:
        raise RuntimeError(f"{what}: HTTP {status}")


def participant(port: int, setup: dict, number: int, rec: Recorder, rng: random.Random) -> None:
    code, activity = setup["code"], setup["activity"]
    phone = Browser(port)
    try:
        status, html, ms = phone.request("GET", f"/join/{code}/")
        expect(status, 200, "join page")
        rec.add("join page", ms)
        form = {"csrfmiddlewaretoken": phone.token(html), "label": f"P{number}", "access_code": ""}
        status, _html, ms = phone.request("POST", f"/join/{code}/", form)
        expect(status, 302, "join")
        rec.add("join", ms)
        status, html, ms = phone.request("GET", f"/live/{code}/")
        expect(status, 200, "ballot page")
        rec.add("ballot page", ms)
        chosen = rng.sample(setup["items"], rng.randint(1, 5))
        cuts = sorted(rng.randint(0, 10) for _ in range(len(chosen) - 1))
        split = [b - a for a, b in zip([0, *cuts], [*cuts, 10], strict=True)]
        ballot = {f"a{activity}-item-{item}": n for item, n in zip(chosen, split, strict=True)}
        ballot["csrfmiddlewaretoken"] = phone.token(html)
        status, _html, ms = phone.request("POST", f"/live/{code}/answer/{activity}/", ballot)
        expect(status, 302, "ballot")
        rec.add("ballot", ms)
        with rec.lock:
            rec.sent_vouchers += sum(split)
            rec.finished_at.append(time.perf_counter())
    except Exception as error:  # recorded, the run goes on
        rec.error(f"participant {number}: {error}")
    finally:
        phone.close()


def staff_login(port: int, setup: dict) -> Browser:
    staff = Browser(port)
    status, html, _ms = staff.request("GET", "/login/")
    form = {
        "csrfmiddlewaretoken": staff.token(html),
        "username": setup["username"],
        "password": setup["password"],
    }
    status, _html, _ms = staff.request("POST", "/login/", form)
    expect(status, 302, "staff log-in")
    if setup.get("totp_key"):
        status, html, _ms = staff.request("GET", "/account/two-factor/")
        expect(status, 200, "second factor page")
        form = {"csrfmiddlewaretoken": staff.token(html), "token": totp(setup["totp_key"])}
        status, _html, _ms = staff.request("POST", "/account/two-factor/", form)
        expect(status, 302, "second factor")
    return staff


def totp(hex_key: str, step: int = 30, digits: int = 6) -> str:
    """The authenticator app's current code (RFC 6238, as django-otp's TOTP devices)."""
    import hashlib
    import hmac
    import struct

    counter = struct.pack(">Q", int(time.time()) // step)
    digest = hmac.new(bytes.fromhex(hex_key), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{code % 10**digits:0{digits}d}"


def projector(
    port: int, setup: dict, rec: Recorder, stop: threading.Event, staff: Browser | None = None
) -> None:
    """Fetch the results fragment every second as a logged-in facilitator. `staff` is a client
    logged in beforehand (the projector is set up before the room joins); after a failed
    request the projector logs in again, as the facilitator would reload the page."""
    while not stop.is_set():
        started = time.perf_counter()
        try:
            if staff is None:
                staff = staff_login(port, setup)
            status, _html, ms = staff.request(
                "GET", f"/staff/sessions/{setup['code']}/projector/results/"
            )
            expect(status, 200, "projector")
            rec.add("projector", ms)
        except Exception as error:
            rec.error(f"projector: {error}")
            if staff is not None:
                staff.close()
            staff = None
        stop.wait(max(0.0, 1.0 - (time.perf_counter() - started)))
    if staff is not None:
        staff.close()


def trivial_throughput(port: int, seconds: float, threads: int = 16) -> dict:
    """Requests per second on the "enter the code" page (a template, no database)."""
    deadline = time.perf_counter() + seconds
    rec = Recorder()

    def loop() -> None:
        client = Browser(port)
        while time.perf_counter() < deadline:
            try:
                status, _html, ms = client.request("GET", "/join/")
                expect(status, 200, "trivial")
                rec.add("trivial", ms)
            except Exception as error:
                rec.error(str(error))
                client.close()
                client = Browser(port)
        client.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=loop) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    done = rec.latency.get("trivial", [])
    return {
        "requests": len(done),
        "seconds": round(elapsed, 1),
        "per_second": round(len(done) / elapsed, 1),
        "p50_ms": round(statistics.median(done), 1) if done else None,
        "errors": len(rec.errors),
        "threads": threads,
    }


#: Word-cloud answers: inflected Finnish, as phones send them.
CLOUD_TEXTS = [
    "Kirjasto ja bussi",
    "terveyskeskus lähellä",
    "kirjastoauto kylille",
    "bussit kulkemaan iltaisin",
    "neuvola ja koulu",
    "kotihoidon käynnit",
    "uimahalli",
    "kirjastossa käynti on tärkeää",
    "palveluliikenne kauppaan",
    "terveysasemalle pääsy",
]


def set_state(logged_in: Browser, code: str, activity: int, state: str) -> None:
    """The facilitator opens or closes an activity from the console, as in the browser.

    A new connection with the log-in's cookies: gunicorn closes idle keep-alive connections."""
    staff = Browser(logged_in.port)
    staff.cookies = logged_in.cookies
    status, html, _ms = staff.request("GET", f"/staff/sessions/{code}/")
    expect(status, 200, "console")
    form = {"csrfmiddlewaretoken": staff.token(html), "state": state}
    status, _html, _ms = staff.request(
        "POST", f"/staff/sessions/{code}/activities/{activity}/state/", form
    )
    expect(status, 302, f"set {activity} {state}")
    staff.close()


def joined_phone(port: int, code: str, label: str) -> tuple[Browser, str]:
    """A phone that has joined the session and opened its page: (phone, CSRF token)."""
    phone = Browser(port)
    status, html, _ms = phone.request("GET", f"/join/{code}/")
    expect(status, 200, "join page")
    form = {"csrfmiddlewaretoken": phone.token(html), "label": label, "access_code": ""}
    status, _html, _ms = phone.request("POST", f"/join/{code}/", form)
    expect(status, 302, "join")
    status, html, _ms = phone.request("GET", f"/live/{code}/")
    expect(status, 200, "participant page")
    return phone, phone.token(html)


def answer_form(kind: str, setup: dict, rng: random.Random) -> tuple[int, dict]:
    """The activity and a random answer of `kind` (ballot, scale or cloud), as a phone sends."""
    if kind == "ballot":
        activity = setup["activity"]
        chosen = rng.sample(setup["items"], rng.randint(1, 5))
        cuts = sorted(rng.randint(0, 10) for _ in range(len(chosen) - 1))
        split = [b - a for a, b in zip([0, *cuts], [*cuts, 10], strict=True)]
        return activity, {
            f"a{activity}-item-{item}": n for item, n in zip(chosen, split, strict=True)
        }
    if kind == "scale":
        return setup["scale"], {f"a{setup['scale']}-value": rng.randint(1, 5)}
    return setup["cloud"], {f"a{setup['cloud']}-text": rng.choice(CLOUD_TEXTS)}


def closed_loop(port: int, setup: dict, kind: str, seconds: float, threads: int) -> dict:
    """Answers per second when `threads` phones each send their next answer (a changed one,
    replacing the last) as soon as the previous returned: the server's maximum for that POST.

    Only the POST is timed. A phone would follow the redirect and read the "saved" message;
    here the message cookie is dropped instead, so it does not grow from answer to answer."""
    code = setup["code"]
    phones = [joined_phone(port, code, f"L{kind[0]}{i}") for i in range(threads)]
    rec = Recorder()
    reconnects: list[int] = []
    start = threading.Barrier(threads + 1)
    deadline: list[float] = []

    def loop(index: int) -> None:
        phone, token = phones[index]
        rng = random.Random(index)
        start.wait()
        while time.perf_counter() < deadline[0]:
            activity, form = answer_form(kind, setup, rng)
            form["csrfmiddlewaretoken"] = token
            try:
                status, _html, ms = phone.request("POST", f"/live/{code}/answer/{activity}/", form)
                expect(status, 302, kind)
                rec.add(kind, ms)
            except Exception as error:
                rec.error(f"{kind}: {error}")
            phone.cookies.pop("messages", None)
        with rec.lock:
            reconnects.append(phone.reconnects)
        phone.close()

    workers = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    deadline.append(time.perf_counter() + seconds)
    started = time.perf_counter()
    start.wait()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    done = rec.latency.get(kind, [])
    return {
        "requests": len(done),
        "seconds": round(elapsed, 1),
        "per_second": round(len(done) / elapsed, 1),
        "p50_ms": round(statistics.median(done), 1) if done else None,
        "p95_ms": percentiles(done).get("p95"),
        "errors": len(rec.errors),
        "error_samples": rec.errors[:3],
        "reconnects": sum(reconnects),
        "threads": threads,
    }


def warm_word_cloud(port: int, setup: dict, staff: Browser) -> float:
    """Seconds until every worker has simplemma's Finnish dictionary: phones' pages with the
    word-cloud question start loading it in the background (as in a workshop, before the
    first answers), and the projector says "counting" until its worker has it."""
    started = time.perf_counter()
    code = setup["code"]
    fresh = 0
    while time.perf_counter() - started < 120 and fresh < 20:
        # A new connection each time, so the answers come from different workers.
        probe = Browser(port)
        probe.cookies = dict(staff.cookies)
        _status, html, _ms = probe.request(
            "GET", f"/staff/sessions/{code}/projector/results/?activity={setup['cloud']}"
        )
        probe.close()
        fresh = 0 if "data-cloud-loading" in html else fresh + 1
        if fresh == 0:
            # A phone's page with the question starts its worker's load.
            phone, _token = joined_phone(port, code, "W")
            phone.close()
            time.sleep(0.5)
    return round(time.perf_counter() - started, 1)


def scale_phone(port: int, setup: dict, number: int, rec: Recorder, rng: random.Random) -> None:
    code, activity = setup["code"], setup["scale"]
    phone = Browser(port)
    try:
        status, html, ms = phone.request("GET", f"/join/{code}/")
        expect(status, 200, "join page")
        rec.add("join page", ms)
        form = {"csrfmiddlewaretoken": phone.token(html), "label": f"S{number}", "access_code": ""}
        status, _html, ms = phone.request("POST", f"/join/{code}/", form)
        expect(status, 302, "join")
        rec.add("join", ms)
        status, html, ms = phone.request("GET", f"/live/{code}/")
        expect(status, 200, "scale page")
        rec.add("scale page", ms)
        answer = {f"a{activity}-value": rng.randint(1, 5), "csrfmiddlewaretoken": phone.token(html)}
        status, _html, ms = phone.request("POST", f"/live/{code}/answer/{activity}/", answer)
        expect(status, 302, "scale answer")
        rec.add("scale answer", ms)
        with rec.lock:
            rec.finished_at.append(time.perf_counter())
    except Exception as error:  # recorded, the run goes on
        rec.error(f"scale phone {number}: {error}")
    finally:
        phone.close()


def scale_burst(port: int, setup: dict, phones: int, window: float, clients: int) -> dict:
    """`phones` phones join and answer the scale at an even pace over `window` seconds while
    the projector polls the scale's results every second."""
    rec = Recorder()
    stop = threading.Event()
    poller = threading.Thread(
        target=projector, args=(port, setup, rec, stop, staff_login(port, setup))
    )
    poller.start()
    rng = random.Random(1000)
    started = time.perf_counter()
    gap = window / phones
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for number in range(phones):
            delay = started + number * gap - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(scale_phone, port, setup, number, rec, random.Random(rng.random()))
    last = max(rec.finished_at, default=started)
    stop.set()
    poller.join()
    every = [ms for kind, values in rec.latency.items() if kind != "projector" for ms in values]
    return {
        "phones": phones,
        "window_s": window,
        "all_answers_in_s": round(last - started, 1),
        "answers_sent": len(rec.finished_at),
        "errors": len(rec.errors),
        "error_samples": rec.errors[:5],
        "latency_ms": {kind: percentiles(v) for kind, v in sorted(rec.latency.items())},
        "every_phone_request_ms": percentiles(every),
    }


def stored_answers(database: str, activity: int) -> int:
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}") as db:
        row = db.execute(
            "SELECT count(*) FROM core_activityresponse WHERE activity_id = %s", [activity]
        ).fetchone()
    return int(row[0])


def server_cpu_seconds(pgid: int) -> float:
    """CPU time (user + system) of every process in gunicorn's process group, from /proc.

    The machine is shared, so latency depends on what else runs; CPU seconds per ballot do
    not, and show what the app itself costs.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # field 5 of stat: the process group
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / ticks


def percentiles(values: list[float]) -> dict:
    if not values:
        return {"count": 0}
    ordered = sorted(values)

    def pick(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1)

    return {
        "count": len(ordered),
        "p50": pick(0.50),
        "p95": pick(0.95),
        "p99": pick(0.99),
        "max": round(ordered[-1], 1),
    }


#: The server's cache (throttle counters) and session store: Redis as docs/deployment.md
#: recommends for production (`--cache database` runs a default install's database cache).
CACHE = {"url": "redis://127.0.0.1:6379/3"}


def env_for(database: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.pop("CACHE_URL", None)
    if CACHE["url"]:
        env["CACHE_URL"] = CACHE["url"]
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        PYTHONPATH=str(REPO),
    )
    return env


def prepare(database: str, setup: Path = HERE / "setup_round.py", *setup_args: str) -> dict:
    """Create and migrate the bench database, run the `setup` script in it; its JSON line.

    (bench/canvases reuses this with its own set-up script.)"""
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        exists = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            db.execute(f'CREATE DATABASE "{database}"')
    env = env_for(database)
    subprocess.run(
        [PYTHON, "-m", "arki", "migrate", "-v0", "--skip-checks"], env=env, cwd=REPO, check=True
    )
    out = subprocess.run(
        [PYTHON, str(setup), *setup_args],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def stored(database: str, round_id: int) -> tuple[int, int]:
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}") as db:
        row = db.execute(
            "SELECT count(*), coalesce(sum(spent), 0) FROM budgeting_voucheraccount "
            "WHERE round_id = %s AND cast_at IS NOT NULL",
            [round_id],
        ).fetchone()
    return int(row[0]), int(row[1])


def start_server(database: str, port: int, workers: int, threads: int) -> subprocess.Popen:
    command = [
        str(GUNICORN),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--log-level",
        "warning",
        "--preload",
    ]
    server = subprocess.Popen(command, env=env_for(database), cwd=REPO, start_new_session=True)
    for _attempt in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/join/")
            if conn.getresponse().status == 200:
                trivial_throughput(port, 2.0)  # warm every worker's templates and connections
                return server
        except OSError:
            pass
        time.sleep(0.2)
    os.killpg(server.pid, signal.SIGTERM)
    raise RuntimeError("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--window", type=float, default=50.0, help="arrival window (s)")
    parser.add_argument("--database", default="arki_bench_budgeting")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--clients", type=int, default=64, help="client threads")
    parser.add_argument("--trivial-seconds", type=float, default=10.0)
    parser.add_argument("--loop-seconds", type=float, default=10.0)
    parser.add_argument("--loop-threads", type=int, default=16)
    parser.add_argument("--scale-phones", type=int, default=1000)
    parser.add_argument("--scale-window", type=float, default=55.0, help="arrival window (s)")
    parser.add_argument(
        "--cache",
        choices=["redis", "database"],
        default="redis",
        help="the server's cache and sessions: Redis (production) or the database table",
    )
    args = parser.parse_args()
    if args.cache == "database":
        CACHE["url"] = ""

    setup = prepare(args.database)
    server = start_server(args.database, args.port, args.workers, args.threads)
    try:
        rec = Recorder()
        load_before = os.getloadavg()[0]
        cpu_before = server_cpu_seconds(server.pid)
        stop = threading.Event()
        poller = threading.Thread(
            target=projector, args=(args.port, setup, rec, stop, staff_login(args.port, setup))
        )
        poller.start()
        rng = random.Random(2014)
        started = time.perf_counter()
        gap = args.window / args.participants
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            for number in range(args.participants):
                delay = started + number * gap - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                pool.submit(participant, args.port, setup, number, rec, random.Random(rng.random()))
        last = max(rec.finished_at, default=started)
        stop.set()
        poller.join()
        burst_cpu = server_cpu_seconds(server.pid) - cpu_before
        load_after = os.getloadavg()[0]
        ballots, vouchers = stored(args.database, setup["round"])
        trivial = trivial_throughput(args.port, args.trivial_seconds)

        # Closed-loop maxima of three answers against the same server's trivial view.
        staff = staff_login(args.port, setup)
        loops = {
            "ballot": closed_loop(args.port, setup, "ballot", args.loop_seconds, args.loop_threads)
        }
        set_state(staff, setup["code"], setup["scale"], "open")
        loops["scale"] = closed_loop(
            args.port, setup, "scale", args.loop_seconds, args.loop_threads
        )
        set_state(staff, setup["code"], setup["cloud"], "open")
        cloud_warm_s = warm_word_cloud(args.port, setup, staff)
        loops["cloud"] = closed_loop(
            args.port, setup, "cloud", args.loop_seconds, args.loop_threads
        )
        trivial_after = trivial_throughput(args.port, args.trivial_seconds)
        reference = (trivial["per_second"] + trivial_after["per_second"]) / 2
        for loop in loops.values():
            loop["share_of_trivial"] = round(loop["per_second"] / reference, 2)

        # 1,000 phones answer the scale within a minute (the facilitator runs only the scale).
        set_state(staff, setup["code"], setup["activity"], "closed")
        set_state(staff, setup["code"], setup["cloud"], "closed")
        scale_before = stored_answers(args.database, setup["scale"])
        scale_cpu_before = server_cpu_seconds(server.pid)
        scale = scale_burst(args.port, setup, args.scale_phones, args.scale_window, args.clients)
        scale["server_cpu_ms_per_phone"] = round(
            1000 * (server_cpu_seconds(server.pid) - scale_cpu_before) / max(1, args.scale_phones),
            1,
        )
        scale["answers_stored"] = stored_answers(args.database, setup["scale"]) - scale_before
        staff.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "participants": args.participants,
        "window_s": args.window,
        "all_ballots_in_s": round(last - started, 1),
        "server": f"gunicorn gthread, {args.workers} workers × {args.threads} threads",
        "cache_and_sessions": args.cache,
        "client_threads": args.clients,
        "errors": len(rec.errors),
        "error_samples": rec.errors[:5],
        "ballots_stored": ballots,
        "vouchers_stored": vouchers,
        "vouchers_sent": rec.sent_vouchers,
        "latency_ms": {kind: percentiles(v) for kind, v in sorted(rec.latency.items())},
        "trivial_view": trivial,
        "trivial_view_after_loops": trivial_after,
        "closed_loop_max": loops,
        "word_cloud_dictionary_warm_s": cloud_warm_s,
        "scale_burst": scale,
        "server_cpu_s_during_burst": round(burst_cpu, 1),
        "server_cpu_ms_per_participant": round(1000 * burst_cpu / max(1, args.participants), 1),
        "load_average_before_after": [round(load_before, 2), round(load_after, 2)],
        "cpu_count": os.cpu_count(),
    }
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    sys.exit(main())
