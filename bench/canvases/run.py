"""Canvases at the tables: 50 tables of 6 phones edit their table's empathy map for two minutes.

All on loopback, against gunicorn (production settings) and PostgreSQL, reusing the
workshop-burst bench's client, server and measuring helpers:

1. creates (or reuses) the database ``arki_bench_canvases``, migrates it and opens an
   empathy-map activity with ``--tables`` tables (``setup_canvas.py``);
2. every participant joins with the code, chooses its table, and then for ``--duration``
   seconds keeps writing: it adds a card (every card text is unique), and every third card
   edits its previous one with the version its edit page showed (a conflict is a correct,
   counted answer), with a think time of ``--think`` seconds; meanwhile the projector polls
   the results fragment every second, as its htmx does;
3. measures, on the same server, the trivial view ("enter the code", no database) and card
   saves with no think time (16 clients each), for the save-to-trivial throughput share;
4. compares the database with what the clients were told was saved: every added card must
   be there with its last saved text (0 lost cards).

    .venv/bin/python bench/canvases/run.py [--tables 50] [--per-table 6] [--duration 120]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import re
import signal
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("burst", HERE.parent / "workshop-burst" / "run.py")
assert _spec is not None and _spec.loader is not None
burst = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(burst)

VERSION = re.compile(r'name="version" value="(\d+)"')
CARD = re.compile(r'data-card="(\d+)">\s*<span class="card-text">([^<]*)</span>')


def seat(phone, code: str, activity: int, number: int, table: int) -> str:
    """Join with the code and sit at `table`; the CSRF token of the canvas page."""
    status, html, _ms = phone.request("GET", f"/join/{code}/")
    form = {"csrfmiddlewaretoken": phone.token(html), "label": f"P{number}", "access_code": ""}
    status, html, _ms = phone.request("POST", f"/join/{code}/", form)
    burst.expect(status, 302, "join")
    status, html, _ms = phone.request("GET", f"/live/{code}/")
    form = {"csrfmiddlewaretoken": phone.token(html), f"a{activity}-group": str(table)}
    status, _html, _ms = phone.request("POST", f"/live/{code}/answer/{activity}/", form)
    burst.expect(status, 302, "choose table")
    status, html, _ms = phone.request("GET", f"/canvas/{code}/{activity}/")
    burst.expect(status, 200, "canvas page")
    return phone.token(html)


def save_throughput(port: int, setup: dict, tables: int, seconds: float, threads: int = 16):
    """Card saves per second with no think time (16 clients, each at its own table slot)."""
    code, activity = setup["code"], setup["activity"]
    deadline_box: list[float] = []
    rec = burst.Recorder()
    phones = [burst.Browser(port) for _ in range(threads)]
    tokens = [seat(p, code, activity, 10_000 + i, i % tables + 1) for i, p in enumerate(phones)]
    for phone in phones:
        phone.close()  # idle while the others were seated; reconnects on its first save
    deadline_box.append(time.perf_counter() + seconds)

    def loop(index: int) -> None:
        phone, k = phones[index], 0
        while time.perf_counter() < deadline_box[0]:
            form = {"csrfmiddlewaretoken": tokens[index], "zone": "sees", "text": f"s{index}-{k}"}
            try:
                status, _html, ms = phone.request("POST", f"/canvas/{code}/{activity}/add/", form)
                burst.expect(status, 302, "save")
                rec.add("save", ms)
            except Exception as error:
                rec.error(str(error))
                phone.close()
            k += 1
        phone.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    done = rec.latency.get("save", [])
    return {
        "requests": len(done),
        "per_second": round(len(done) / (time.perf_counter() - started), 1),
        "latency_ms": burst.percentiles(done),
        "errors": len(rec.errors),
        "error_samples": rec.errors[:3],
        "threads": threads,
    }


def participant(port, setup, number, table, args, rec, saved, stop_at) -> None:
    code, activity = setup["code"], setup["activity"]
    phone = burst.Browser(port)
    base = f"/canvas/{code}/{activity}/"
    try:
        token = seat(phone, code, activity, number, table)
        rng = random.Random(number)
        written = 0
        mine: str | None = None
        while time.perf_counter() < stop_at:
            time.sleep(rng.uniform(0.5, 1.5) * args.think)
            # A phone that thought for seconds opens a new connection (gunicorn closes idle
            # keep-alive ones); http.client reconnects by itself on the next request.
            phone.close()
            if mine is not None and written % 3 == 2:
                card_id = saved[mine][0]
                status, html, _ms = phone.request("GET", f"{base}{card_id}/edit/")
                burst.expect(status, 200, "edit page")
                version = VERSION.search(html).group(1)
                text = f"{mine} muokattu"
                form = {"csrfmiddlewaretoken": token, "text": text, "version": version}
                status, _html, ms = phone.request("POST", f"{base}{card_id}/edit/", form)
                if status == 302:
                    rec.add("card edit", ms)
                    with rec.lock:
                        saved[mine] = (card_id, text)
                elif status == 409:
                    rec.add("card edit (conflict)", ms)
                else:
                    raise RuntimeError(f"edit: HTTP {status}")
            else:
                text = f"t{table}-p{number}-{written}"
                zone = rng.choice(["thinks", "sees", "says", "hears", "pains", "gains"])
                form = {"csrfmiddlewaretoken": token, "zone": zone, "text": text}
                status, _html, ms = phone.request("POST", f"{base}add/", form)
                burst.expect(status, 302, "card add")
                rec.add("card add", ms)
                status, html, _ms = phone.request("GET", base)
                burst.expect(status, 200, "canvas page")
                found = {t: int(pk) for pk, t in CARD.findall(html)}
                if text not in found:
                    raise RuntimeError(f"card {text} not on the page after saving")
                with rec.lock:
                    saved[text] = (found[text], text)
                mine = text
            written += 1
    except Exception as error:  # recorded, the run goes on
        rec.error(f"participant {number}: {error}")
    finally:
        phone.close()


def stored_cards(database: str, activity: int) -> dict[int, str]:
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}") as db:
        rows = db.execute(
            "SELECT c.id, c.text FROM canvases_card c JOIN canvases_canvas v ON v.id = c.canvas_id "
            "WHERE v.activity_id = %s",
            [activity],
        ).fetchall()
    return {int(pk): text for pk, text in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=50)
    parser.add_argument("--per-table", type=int, default=6)
    parser.add_argument("--duration", type=float, default=120.0)
    parser.add_argument("--think", type=float, default=4.0, help="mean seconds between saves")
    parser.add_argument("--database", default="arki_bench_canvases")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--trivial-seconds", type=float, default=10.0)
    args = parser.parse_args()

    setup = burst.prepare(args.database, HERE / "setup_canvas.py", str(args.tables))
    server = burst.start_server(args.database, args.port, args.workers, args.threads)
    people = args.tables * args.per_table
    saved: dict[str, tuple[int, str]] = {}
    try:
        rec = burst.Recorder()
        cpu_before = burst.server_cpu_seconds(server.pid)
        stop = threading.Event()
        # The facilitator opens the projector before the room joins.
        screen = burst.staff_login(args.port, setup)
        poller = threading.Thread(
            target=burst.projector, args=(args.port, setup, rec, stop, screen)
        )
        poller.start()
        started = time.perf_counter()
        stop_at = started + args.duration
        with ThreadPoolExecutor(max_workers=people) as pool:
            for number in range(people):
                table = number % args.tables + 1
                pool.submit(participant, args.port, setup, number, table, args, rec, saved, stop_at)
        stop.set()
        poller.join()
        cpu = burst.server_cpu_seconds(server.pid) - cpu_before
        elapsed = time.perf_counter() - started
        trivial = burst.trivial_throughput(args.port, args.trivial_seconds)
        saturated = save_throughput(args.port, setup, args.tables, args.trivial_seconds)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    in_db = stored_cards(args.database, setup["activity"])
    lost = [text for _key, (pk, text) in saved.items() if in_db.get(pk) != text]
    saves = len(rec.latency.get("card add", [])) + len(rec.latency.get("card edit", []))
    save_rate = saves / elapsed
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "tables": args.tables,
        "participants": people,
        "duration_s": args.duration,
        "server": f"gunicorn gthread, {args.workers} workers × {args.threads} threads",
        "errors": len(rec.errors),
        "error_samples": rec.errors[:5],
        "cards_saved_by_clients": len(saved),
        "cards_in_database": len(in_db),
        "lost_cards": len(lost),
        "latency_ms": {kind: burst.percentiles(v) for kind, v in sorted(rec.latency.items())},
        "card_saves_per_second": round(save_rate, 1),
        "trivial_view": trivial,
        "card_save_saturated": saturated,
        "card_save_share_of_trivial": round(saturated["per_second"] / trivial["per_second"], 3)
        if trivial["per_second"]
        else None,
        "server_cpu_s": round(cpu, 1),
        "cpu_count": os.cpu_count(),
    }
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    sys.exit(main())
