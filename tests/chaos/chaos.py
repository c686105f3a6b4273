#!/usr/bin/env python3
"""Chaos scenarios for mstation (docs/reliability.md), each on real processes:
PostgreSQL, sg186-sim, one or two `mstation serve`, `hhu-sim load`. After
each: faults cleared, the SAF queue drained, SG186's day closed, `mstation
reconcile` run, and the three-way checker (checker.py). Prints the seed and
the counts it saw; exits 1 on any violation.

  chaos.py --build DIR --work DIR --scenario NAME --seed S --duration D

Run it through scripts/chaos, which makes the PostgreSQL cluster."""
import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checker  # noqa: E402
import hostile  # noqa: E402
from stack import Cluster, Station, free_port, psql  # noqa: E402

MIX = "pay=55,payment=5,query=15,reverse=20,echo=5"


def china_date(offset_days=0):
    return time.strftime("%Y%m%d", time.gmtime(time.time() + 8 * 3600 + offset_days * 86400))


def log(text):
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


class Scenario:
    """One fault pattern played while the load runs. `act` runs on its own
    thread until `load_done` is set; it may use self.rng only."""
    instances = 1
    load_extra = ()
    mix = MIX

    def __init__(self, station, rng, duration):
        self.s = station
        self.rng = rng
        self.duration = duration
        self.events = []

    def note(self, text):
        self.events.append(text)
        log("  " + text)

    def act(self, load_done):
        load_done.wait()

    def after(self):
        """Extra checks of the scenario itself: a list of violations."""
        return []

    def pause(self, load_done, low, high):
        """Waits a random while; True once the load is done or its duration
        is over: faults stop then, so what is in flight can finish."""
        wait = self.rng.uniform(low, high)
        left = self.ends - time.monotonic()
        if left <= wait:
            load_done.wait(max(left, 0))
            return True
        return load_done.wait(wait)


class KillNine(Scenario):
    """kill -9 of serve at random moments, restarted each time."""

    def act(self, load_done):
        kills = 0
        while not self.pause(load_done, 1.0, 4.0):
            self.s.kill_daemon(0)
            kills += 1
            time.sleep(self.rng.uniform(0, 0.5))
            self.s.start_daemon(0)
        self.note(f"serve killed with SIGKILL and restarted {kills} times")


class PgRestart(Scenario):
    """PostgreSQL stopped -m immediate mid-load and started again."""

    def act(self, load_done):
        restarts = 0
        while not self.pause(load_done, 3.0, 6.0):
            self.s.cluster.stop_immediate()
            time.sleep(self.rng.uniform(0.5, 2.0))
            self.s.cluster.start()
            restarts += 1
        self.note(f"PostgreSQL stopped -m immediate and restarted {restarts} times")


class Sg186Faults(Scenario):
    """SG186 hangs, closes after committing, answers garbage or the wrong
    serial, lets a reversal overtake its original (1016), is down."""
    plans = [["hang=0.15"], ["close_after_commit=0.3"], ["garbage=0.2"], ["wrong_serial=0.2"],
             ["reversal_not_found=0.5", "close_after_commit=0.2"], ["down=1"],
             ["hang=0.05", "close_after_commit=0.1", "garbage=0.05", "wrong_serial=0.05", "reversal_not_found=0.3"]]

    def hold(self, plan):
        """How long a plan plays: SG186 down for 30 s when the run is long
        enough to hold it, else for a third of the run; the rest 2–5 s."""
        if plan != ["down=1"]:
            return 2.0, 5.0
        down = 30.0 if self.duration >= 60 else self.duration / 3
        return down, down

    def act(self, load_done):
        played = []
        plans = list(self.plans)
        self.rng.shuffle(plans)
        i = 0
        while not load_done.is_set():
            plan = plans[i % len(plans)]
            i += 1
            self.s.control("--clear", *plan)
            played.append("+".join(plan))
            if self.pause(load_done, *self.hold(plan)):
                break
            self.s.control("--clear")
            if self.pause(load_done, 0.5, 1.5):
                break
        self.s.control("--clear")
        self.note("SG186 faults played: " + ", ".join(played))


class Storm(Scenario):
    """Every request resent 1–5 times, and serve killed and restarted once in the middle."""
    load_extra = ("--duplicates", "5")

    def act(self, load_done):
        if not load_done.wait(self.duration / 2):
            self.s.kill_daemon(0)
            self.s.start_daemon(0)
            self.note("serve killed with SIGKILL mid-storm and restarted")
        load_done.wait()


class TwoInstances(Scenario):
    """Two instances on one database, terminals spread over both; one killed
    mid-load (its terminals retransmit to the other), restarted later."""
    instances = 2

    def act(self, load_done):
        if load_done.wait(self.duration / 3):
            return
        victim = self.rng.randrange(2)
        self.s.kill_daemon(victim)
        self.note(f"instance {victim + 1} killed with SIGKILL mid-load")
        if load_done.wait(self.duration / 3):
            return
        self.s.start_daemon(victim)
        self.note(f"instance {victim + 1} restarted")
        load_done.wait()


class Hostile(Scenario):
    """Hundreds of trickling and silent connections, floods from addresses off
    the allow-list, oversized and malformed frames and pre-MAC floods from an
    allowed address, while the fleet keeps ≥ 99.9 % answered."""

    def act(self, load_done):
        crowd = hostile.Crowd(self.s.ports[0], self.rng)
        crowd.run(load_done)
        self.note(crowd.describe())

    def after(self):
        problems = []
        told = read_told(self.s.path("load.told.jsonl"))
        answered = sum(1 for t in told if t["code"] not in ("no_answer", "bad_response"))
        rate = answered / max(len(told), 1)
        self.note(f"legitimate terminals answered {answered}/{len(told)} = {rate * 100:.3f} %")
        if rate < 0.999:
            problems.append(f"legitimate success rate {rate * 100:.3f} % < 99.9 %")
        journaled = int(psql(self.s.auditor, "SELECT count(*) FROM mstation.journal "
                                             f"WHERE peer = '{hostile.PREMAC_ADDRESS}'")[0][0])
        allowed = 4 * 30 * (int(self.duration // 60) + 2)  # a few rows per frame, 30 frames a minute
        self.note(f"rows journaled for the pre-MAC flood from {hostile.PREMAC_ADDRESS}: {journaled} (bound {allowed})")
        if journaled > allowed:
            problems.append(f"{journaled} journal rows for the pre-MAC flood, more than the limit allows ({allowed})")
        flood = psql(self.s.auditor, "SELECT count(*) FROM mstation.alert WHERE kind = 'pre_mac_flood'")
        if int(flood[0][0]) == 0:
            problems.append("no pre_mac_flood alert for the address that flooded bad frames")
        return problems


class SyncStandby(Scenario):
    """A synchronous standby lost: commits hang, the instance turns not ready
    and answers nothing it has not committed; it recovers when the standby
    returns."""

    def act(self, load_done):
        standby = self.s.standby
        seen_not_ready = False
        losses = 0
        while not self.pause(load_done, 2.0, 4.0):
            standby.stop_immediate()
            losses += 1
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and not seen_not_ready:
                seen_not_ready = not self.s.ready(0)
                time.sleep(0.2)
            time.sleep(self.rng.uniform(1.0, 3.0))
            standby.start()
        self.seen_not_ready = seen_not_ready
        self.note(f"synchronous standby lost {losses} times; instance seen not ready: {seen_not_ready}")

    def after(self):
        problems = []
        if not getattr(self, "seen_not_ready", True):
            problems.append("the instance never turned not ready while its commits hung")
        if not self.s.wait_ready(0, 30):
            problems.append("the instance did not turn ready again after the standby returned")
        return problems


SCENARIOS = {"kill9": KillNine, "pg_restart": PgRestart, "sg186_faults": Sg186Faults, "storm": Storm,
             "two_instances": TwoInstances, "hostile": Hostile, "sync_standby": SyncStandby}


def read_told(path):
    out = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if line.strip():
                    out.append(json.loads(line))
    return out


def wait_settled(s, timeout):
    """The SAF queue empty and nothing pending or unknown that the queue still owes."""
    deadline = time.monotonic() + timeout
    left = None
    while time.monotonic() < deadline:
        left = psql(s.auditor, "SELECT (SELECT count(*) FROM mstation.saf_entry WHERE state = 'queued'), "
                               "(SELECT count(*) FROM mstation.business_txn WHERE state IN ('pending', 'unknown'))",
                    check=False)
        if left and left[0] == ["0", "0"]:
            return True
        time.sleep(0.5)
    log(f"  not settled after {timeout} s: queued SAF, pending/unknown = {left}")
    return False


def gather(s, told):
    rows = []
    for r in psql(s.auditor, "SELECT txn_id, tid, seq, txn, customer_no, amount_fen, state, sg186_serial, "
                             "coalesce(orig_txn_id::text, ''), coalesce(response_code, '') FROM mstation.business_txn"):
        rows.append({"txn_id": int(r[0]), "tid": r[1], "seq": int(r[2]), "txn": r[3], "customer": r[4],
                     "amount_fen": int(r[5]), "state": r[6], "sg186_serial": r[7],
                     "orig_txn_id": int(r[8]) if r[8] else None, "response_code": r[9]})
    journaled = {(r[0], int(r[1])) for r in psql(
        s.auditor, "SELECT DISTINCT tid, seq FROM mstation.journal WHERE kind = 'hhu_request_raw' AND seq IS NOT NULL")}
    stored = {(r[0], int(r[1])): r[2] for r in psql(
        s.auditor, "SELECT DISTINCT ON (tid, seq) tid, seq, upper(left(encode(sha256(response_frame), 'hex'), 16)) "
                   "FROM mstation.terminal_request WHERE state = 'answered' ORDER BY tid, seq, seq_epoch DESC")}
    ledger = json.loads(s.sim_cmd(["ledger", "--state", s.path("sg186"), "--day", china_date(), "--json"]))
    items = [r[0] for r in psql(s.auditor, "SELECT DISTINCT serial FROM mstation.recon_item")]
    alerts = [(r[0], r[1]) for r in psql(s.auditor, "SELECT kind, subject FROM mstation.alert")]
    return rows, journaled, stored, ledger["money"], items, alerts


def run(args):
    rng = random.Random(args.seed)
    cluster = Cluster.from_environment()
    cls = SCENARIOS[args.scenario]
    s = Station(args.build, args.work, cluster, args.seed, instances=cls.instances, db=f"chaos_{args.scenario}")
    log(f"scenario {args.scenario}: seed {args.seed}, {args.duration} s of load, work in {args.work}")
    scenario = cls(s, rng, args.duration)
    violations = []
    try:
        if cls is SyncStandby:
            s.standby = standby_for(cluster, args.work)
        s.set_up()
        for i in range(s.instances):
            s.start_daemon(i)
            if not s.wait_ready(i):
                raise RuntimeError(f"instance {i + 1} never ready")
        load = s.load(args.duration, cls.mix, cls.load_extra)
        if load.wait_for_text("load starts", 120) is None:
            raise RuntimeError(f"hhu-sim load never signed its terminals on: see {load.log_path}")
        load_done = threading.Event()
        scenario.ends = time.monotonic() + args.duration  # faults start with the load, not with the sign-ons
        actor = threading.Thread(target=scenario.act, args=(load_done,))
        actor.start()
        load.p.wait()
        load_done.set()
        actor.join()
        if load.p.returncode != 0:
            raise RuntimeError(f"hhu-sim load exited {load.p.returncode}: see {load.log_path}")
        summary = last_json(load.log_path)
        log(f"  load: {summary['completed']} requests, {summary['approved']} approved, "
            f"p99 {summary['latency_ms']['p99']} ms, codes {summary['codes']}")
        for i in range(s.instances):
            if s.daemons[i] is None or not s.daemons[i].alive():
                s.start_daemon(i)
        s.control("--clear")
        if not wait_settled(s, args.settle_timeout):
            violations.append("the SAF queue did not drain (or records stayed pending/unknown)")
        s.control(f"work_date={china_date(1)}")
        recon = s.mstation(["reconcile", "--date", time.strftime("%Y-%m-%d", time.strptime(china_date(), "%Y%m%d"))],
                           check=False)
        log(f"  mstation reconcile exited {recon.returncode}")
        told = read_told(s.path("load.told.jsonl"))
        rows, journaled, stored, ledger, items, alerts = gather(s, told)
        found = checker.check(told, rows, journaled, stored, ledger, recon.returncode, items, alerts)
        violations += found.violations + scenario.after()
        print(checker.summary(found), flush=True)
    finally:
        s.stop()
        if cls is SyncStandby and getattr(s, "standby", None):
            s.standby.stop_immediate()
    violations += sanitizer_reports(args.work)
    for v in violations[:50]:
        print("VIOLATION: " + v, flush=True)
    log(f"scenario {args.scenario} seed {args.seed}: {len(violations)} violations")
    return 1 if violations else 0


def sanitizer_reports(work):
    """A sanitizer build's reports in any program's log are violations too."""
    found = []
    for name in sorted(os.listdir(work)):
        if not name.endswith(".log"):
            continue
        with open(os.path.join(work, name), errors="replace") as f:
            for line in f:
                if "Sanitizer" in line or "runtime error:" in line:
                    found.append(f"{name}: {line.strip()[:200]}")
                    break
    return found


def last_json(path):
    with open(path, errors="replace") as f:
        for line in reversed(f.read().splitlines()):
            if line.startswith("{"):
                return json.loads(line)
    raise RuntimeError("hhu-sim load printed no summary: see " + path)


def standby_for(cluster, work):
    """A streaming standby of the cluster on another port, and the cluster
    told to wait for it on every commit."""
    standby_dir = os.path.join(work, "standby")
    os.makedirs(standby_dir)
    if os.geteuid() == 0:
        subprocess.run(["chown", "postgres:postgres", standby_dir], check=True)
    r = cluster.as_postgres([f"{cluster.bin}/pg_basebackup", "-D", f"{standby_dir}/data", "-R", "-h", "127.0.0.1",
                             "-p", cluster.port, "-U", "postgres", "-X", "stream"])
    if r.returncode != 0:
        raise RuntimeError("pg_basebackup: " + r.stderr)
    standby = Cluster(standby_dir, free_port(), "-c cluster_name=standby1")
    standby.start()
    psql(os.environ["PG_ADMIN"], "ALTER SYSTEM SET synchronous_standby_names = 'standby1'")
    psql(os.environ["PG_ADMIN"], "SELECT pg_reload_conf()")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        rows = psql(os.environ["PG_ADMIN"], "SELECT sync_state FROM pg_stat_replication")
        if rows and rows[0][0] == "sync":
            return standby
        time.sleep(0.2)
    raise RuntimeError("the standby never became synchronous")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--scenario", required=True, choices=sorted(SCENARIOS))
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--duration", type=float, default=20)
    p.add_argument("--settle-timeout", type=float, default=180)
    args = p.parse_args()
    try:
        return run(args)
    except Exception as e:  # a stack that could not run is a failure too, with its reason
        log(f"scenario {args.scenario} seed {args.seed}: could not run: {e}")
        return 2


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(3))
    sys.exit(main())
