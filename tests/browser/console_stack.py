"""The web console's browser tests on real processes: a PostgreSQL 15
cluster (scripts/lib/pg.sh, passed in PG_DIR / PG_PORT / PG_ADMIN),
sg186-sim, `mstation serve` with its web listener, and two electricians'
days (`hhu-sim day`) at two supply offices; then console users, one open
alert, a reconciliation, a verify and a checkpoint — and the Playwright
tests (console.test.mjs) in headless Chromium against it all.

  python3 tests/browser/console_stack.py --build DIR --work DIR --artifacts DIR [--serve]

--serve leaves the stack up (for screenshots by hand) instead of testing."""
import argparse
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "chaos"))
from stack import Cluster, Proc, free_port, psql  # noqa: E402

STATIONS = {"城关供电所": ("51010001", "127.0.0.2", "tdea", "0042", "张三"),
            "河西供电所": ("51020001", "127.0.0.3", "aes", "0043", "李四")}
OFFICE = "城关供电所"
USERS = {"auditor": {"login": "audit1", "password": "audit-pass-1"},
         "ops": {"login": "ops1", "password": "ops-pass-12"},
         "office": {"login": "office1", "password": "office-pass-1", "station": OFFICE}}


class ConsoleStack:
    def __init__(self, build, work):
        self.build, self.work = build, work
        self.cluster = Cluster.from_environment()
        db = "console"
        self.owner = self.cluster.conninfo("mstation_owner", db)
        self.admin = self.cluster.conninfo("mstation_ops", db)
        self.auditor = self.cluster.conninfo("mstation_audit", db)
        self.app = self.cluster.conninfo("mstation_daemon", db)
        self.procs = []

    def path(self, name):
        return os.path.join(self.work, name)

    def run(self, argv, stdin=None):
        r = subprocess.run(argv, input=stdin, capture_output=True, text=True)
        if r.returncode != 0:
            tail = "\n".join(r.stdout.splitlines()[-5:])
            raise RuntimeError(f"{' '.join(argv)}: exit {r.returncode}: {r.stderr.strip()}\n{tail}")
        return r.stdout

    def mstation(self, *words, stdin=None):
        return self.run([os.path.join(self.build, "mstation")] + list(words) + ["--config", self.path("mstation.json")],
                        stdin)

    def sim(self, *words):
        return self.run([os.path.join(self.build, "sg186-sim")] + list(words))

    def start(self, argv, log, wait_for):
        p = Proc(argv, self.path(log))
        self.procs.append(p)
        line = p.wait_for_text(wait_for, 60)
        if line is None:
            raise RuntimeError(f"{argv[0]} did not start: see {p.log_path}")
        return line

    def set_up(self):
        psql(os.environ["PG_ADMIN"], "CREATE DATABASE console OWNER mstation_owner")
        line = self.start([os.path.join(self.build, "sg186-sim"), "--listen", "127.0.0.1:0", "--state",
                           self.path("sg186"), "--customers", "500", "--seed", "1"], "sg186-sim.log", "listening on")
        sim_port = int(line.rsplit(":", 1)[1].split()[0])
        with open(self.path("allowlist.conf"), "w") as f:
            f.write("127.0.0.0/16\n")
        shutil.copy(os.path.join(HERE, "..", "..", "config", "tariffs.json"), self.path("tariffs.json"))
        self.web_port = free_port()
        config = {
            "station": {"agency_code": "510100000001", "instance": "ms1"},
            "terminal_listener": {"address": "127.0.0.1", "port": 0},
            "admin_listener": {"address": "127.0.0.1", "port": 0},
            "web_listener": {"address": "127.0.0.1", "port": self.web_port},
            "allowlist_file": "allowlist.conf",
            "tariffs_file": "tariffs.json",
            "database": {"conninfo": self.app, "owner_conninfo": self.owner, "admin_conninfo": self.admin,
                         "pool_size": 4, "writer_lanes": 1},
            "sg186": {"host": "127.0.0.1", "port": sim_port, "exchange_timeout_ms": 2000},
            "keys": {"kek_file": "kek.key"},
            "reconcile": {"nightly": False, "report_dir": self.path("recon")},
            "audit": {"checkpoint_dir": self.path("checkpoints")},
        }
        with open(self.path("mstation.json"), "w") as f:
            json.dump(config, f, indent=2, ensure_ascii=False)
        self.mstation("migrate")
        self.mstation("keys", "init")
        for station, (tid, ip, suite, operator, name) in STATIONS.items():
            self.mstation("terminal", "add", "--tid", tid, "--ip", ip, "--suite", suite, "--station", station,
                          "--tmk-out", self.path(f"{tid}.tmk"))
            self.mstation("operator", "add", "--id", operator, "--name", name, "--station", station,
                          stdin="123456\n")
        for role, user in USERS.items():
            words = ["user", "add", user["login"], "--role", role]
            if "station" in user:
                words += ["--station", user["station"]]
            self.mstation(*words, stdin=user["password"] + "\n")

    def serve(self):
        line = self.start([os.path.join(self.build, "mstation"), "serve", "--config", self.path("mstation.json")],
                          "mstation.log", "web console on")
        self.terminal_port = int(self.procs[-1].wait_for_text("listening for terminals on", 5).rsplit(":", 1)[1])
        self.url = line.rsplit(" ", 1)[1].strip()

    def days(self):
        for station, (tid, ip, _, operator, _) in STATIONS.items():
            hhu = [os.path.join(self.build, "hhu-sim"), "--server", f"127.0.0.1:{self.terminal_port}", "--bind", ip,
                   "--tid", tid, "--tmk-file", self.path(f"{tid}.tmk"), "--state", self.path(f"{tid}.state")]
            self.run([hhu[0], "run"] + hhu[1:] + ["--operator", operator, "sign-on", "sign-off"], stdin="123456\n")
            self.prime_card_reader(self.path(f"{tid}.state"))
            self.run([hhu[0], "day"] + hhu[1:] + ["--operator", operator, "--segment", "S0001"], stdin="123456\n")

    def prime_card_reader(self, state_file):
        """The purchase count lives on the customer's card: the simulated reader learns it from SG186 (as the demo)."""
        with open(state_file) as f:
            state = json.load(f)
        counts = state.setdefault("card_counts", {})
        for n in range(1, 51):
            customer = "51%08d" % n
            c = json.loads(self.sim("ledger", "--state", self.path("sg186"), "--customer", customer, "--json"))
            if c["card_meter"]:
                counts[customer] = c["buy_count"]
        with open(state_file, "w") as f:
            json.dump(state, f, indent=2)

    def books(self):
        """A reconciliation of today, a whole-journal verify, a checkpoint, one open alert."""
        today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
        tomorrow = today + datetime.timedelta(days=1)
        self.sim("control", "--state", self.path("sg186"), f"work_date={tomorrow:%Y%m%d}")
        self.mstation("reconcile", "--date", f"{today:%Y-%m-%d}")
        self.mstation("audit", "verify")
        os.makedirs(self.path("checkpoints"), exist_ok=True)
        self.mstation("audit", "checkpoint", "--out", self.path("checkpoints/checkpoint-ms1-manual.json"))
        rows = psql(self.owner, "INSERT INTO mstation.alert (severity, kind, subject, message) VALUES "
                                "('warning', 'saf_stuck', 'saf:1', '补发条目 1 已重试 1 小时仍未成功') RETURNING alert_id")
        self.alert_id = int(rows[0][0])

    def facts(self):
        own_tid, foreign_tid = STATIONS[OFFICE][0], STATIONS["河西供电所"][0]
        pay = psql(self.owner, "SELECT txn_id, customer_no FROM mstation.business_txn WHERE txn = '0202' "
                               f"AND state = 'succeeded' AND tid = '{own_tid}' ORDER BY txn_id LIMIT 1")
        foreign = psql(self.owner, f"SELECT txn_id FROM mstation.business_txn WHERE tid = '{foreign_tid}' "
                                   "AND txn = '0202' ORDER BY txn_id LIMIT 1")
        if not pay or not foreign:
            raise RuntimeError("the days left no payment at each station")
        return {"customer_no": pay[0][1], "payment_txn_id": int(pay[0][0]), "foreign_txn_id": int(foreign[0][0]),
                "alert_id": self.alert_id}

    def stop(self):
        for p in reversed(self.procs):
            p.kill(signal.SIGTERM)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--artifacts", required=True)
    parser.add_argument("--serve", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.artifacts, exist_ok=True)
    stack = ConsoleStack(os.path.abspath(args.build), args.work)
    try:
        stack.set_up()
        stack.serve()
        stack.days()
        stack.books()
        facts = stack.facts()
        if args.serve:
            print(f"console: {stack.url}  logins: " +
                  ", ".join(f"{u['login']} / {u['password']} ({r})" for r, u in USERS.items()), flush=True)
            signal.sigwait([signal.SIGINT, signal.SIGTERM])
            return 0
        env = dict(os.environ, CONSOLE_URL=stack.url, CONSOLE_USERS=json.dumps(USERS),
                   CONSOLE_FACTS=json.dumps(facts), CONSOLE_DB=stack.auditor, ARTIFACT_DIR=args.artifacts)
        r = subprocess.run(["node", "--test", "--test-timeout=120000", os.path.join(HERE, "console.test.mjs")],
                           env=env)
        return r.returncode
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
