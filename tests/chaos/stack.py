"""The processes of one chaos run: a PostgreSQL 15 cluster (made by
scripts/lib/pg.sh, passed in PG_DIR / PG_PORT / PG_ADMIN / PG_BIN), sg186-sim,
one or two `mstation serve`, and `hhu-sim load` — each a real process on
loopback, its output in the run directory."""
import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

TERMINALS = 16
TERMINAL_NET = "127.0.1."  # 127.0.1.2 … : the fleet's bound addresses
ALLOWLIST = "127.0.0.0/16"  # hostile clients off the list come from 127.9.x.x


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Proc:
    """A background program, its stdout and stderr in one log file."""

    def __init__(self, argv, log_path, stdin=None):
        self.argv = argv
        self.log_path = log_path
        self.log = open(log_path, "ab")
        self.p = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT,
                                  stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
        if stdin is not None:
            self.p.stdin.write(stdin.encode())
            self.p.stdin.close()

    def alive(self):
        return self.p.poll() is None

    def wait_for_text(self, text, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(self.log_path, "rb") as f:
                for line in f.read().decode(errors="replace").splitlines():
                    if text in line:
                        return line
            if not self.alive():
                return None
            time.sleep(0.05)
        return None

    def kill(self, sig=signal.SIGKILL):
        if self.alive():
            self.p.send_signal(sig)
        try:
            self.p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        self.log.close()
        return self.p.returncode


class Cluster:
    """A PostgreSQL cluster in `dir` (data in dir/data, socket in dir), on `port`."""

    def __init__(self, dir, port, extra_options=""):
        self.dir = dir
        self.port = str(port)
        self.bin = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")
        self.options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                        f"-c max_connections=200 {extra_options}")

    @classmethod
    def from_environment(cls):
        """The cluster scripts/lib/pg.sh made for this run."""
        return cls(os.environ["PG_DIR"], os.environ["PG_PORT"], os.environ.get("PG_EXTRA_OPTIONS", ""))

    def conninfo(self, user, db):
        return f"host={self.dir} port={self.port} user={user} dbname={db}"

    def as_postgres(self, argv):
        if os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--"] + argv
        return subprocess.run(argv, capture_output=True, text=True)

    def stop_immediate(self):
        r = self.as_postgres([f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", "-m", "immediate", "-w", "stop"])
        if r.returncode != 0:
            raise RuntimeError("pg_ctl stop: " + r.stderr)

    def start(self):
        r = self.as_postgres([f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/server.log",
                              "-w", "-t", "120", "-o", self.options, "start"])
        if r.returncode != 0:
            raise RuntimeError("pg_ctl start: " + r.stderr)


def psql(conninfo, sql, check=True):
    """Rows of `sql` as lists of strings (psql -At, fields split on \\x1f)."""
    r = subprocess.run(["psql", "-X", "-q", "-At", "-F", "\x1f", "-v", "ON_ERROR_STOP=1", conninfo, "-c", sql],
                       capture_output=True, text=True)
    if r.returncode != 0:
        if check:
            raise RuntimeError(f"psql: {r.stderr.strip()} in: {sql[:200]}")
        return None
    return [line.split("\x1f") for line in r.stdout.splitlines() if line != ""]


class Station:
    """sg186-sim, the database and the configuration of one or two instances."""

    def __init__(self, build, work, cluster, seed, instances=1, customers=2000, db="chaos"):
        self.build = build
        self.work = work
        self.cluster = cluster
        self.seed = seed
        self.instances = instances
        self.customers = customers
        self.db = db
        self.owner = cluster.conninfo("mstation_owner", db)
        self.app = cluster.conninfo("mstation_daemon", db)
        self.admin = cluster.conninfo("mstation_ops", db)
        self.auditor = cluster.conninfo("mstation_audit", db)
        self.sim = None
        self.daemons = [None] * instances
        self.ports = [free_port() for _ in range(instances)]
        self.admin_ports = [free_port() for _ in range(instances)]
        self.starts = [0] * instances

    def bin(self, name):
        return os.path.join(self.build, name)

    def path(self, name):
        return os.path.join(self.work, name)

    def mstation(self, words, stdin=None, check=True, config="mstation-1.json"):
        r = subprocess.run([self.bin("mstation")] + words + ["--config", self.path(config)], input=stdin,
                           capture_output=True, text=True)
        if check and r.returncode != 0:
            raise RuntimeError(f"mstation {' '.join(words)}: exit {r.returncode}: {r.stderr.strip()}")
        return r

    def sim_cmd(self, words):
        r = subprocess.run([self.bin("sg186-sim")] + words, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"sg186-sim {' '.join(words)}: {r.stderr.strip()}")
        return r.stdout

    def control(self, *settings):
        self.sim_cmd(["control", "--state", self.path("sg186")] + list(settings))

    # --- set-up -----------------------------------------------------------
    def set_up(self):
        psql(os.environ["PG_ADMIN"], f"CREATE DATABASE {self.db} OWNER mstation_owner")
        self.start_sim()
        with open(self.path("allowlist.conf"), "w") as f:
            f.write(ALLOWLIST + "\n")
        for i in range(self.instances):
            self.write_config(i)
        self.mstation(["migrate"])
        self.mstation(["keys", "init"])
        with open(self.path("fleet.csv"), "w") as f:
            f.write("tid,ip,suite,station\n")
            for n in range(1, TERMINALS + 1):
                suite = "aes" if n % 4 == 0 else "tdea"
                f.write(f"5101{n:04},{TERMINAL_NET}{n + 1},{suite},城关供电所\n")
        self.mstation(["terminal", "import", self.path("fleet.csv"), "--tmk-out", self.path("fleet.tmk")])
        with open(self.path("operators.csv"), "w") as f:
            for n in range(1, TERMINALS + 1):
                op = f"7{n:03}"
                self.mstation(["operator", "add", "--id", op, "--name", f"收费员{n}", "--station", "城关供电所"],
                              stdin=f"pw{op}\n")
                f.write(f"{op},pw{op}\n")
        with open(self.path("customers.txt"), "w") as f:
            f.write(self.sim_cmd(["customers", "--state", self.path("sg186")]))

    def start_sim(self):
        self.sim = Proc([self.bin("sg186-sim"), "--listen", "127.0.0.1:0", "--state", self.path("sg186"),
                         "--customers", str(self.customers), "--seed", str(self.seed)], self.path("sg186-sim.log"))
        line = self.sim.wait_for_text("listening on", 60)
        if line is None:
            raise RuntimeError("sg186-sim did not start: see " + self.path("sg186-sim.log"))
        self.sim_port = int(line.rsplit(":", 1)[1].split()[0])

    def write_config(self, i, **extra):
        config = {
            "station": {"agency_code": "510100000001", "instance": f"chaos-{i + 1}"},
            "terminal_listener": {"address": "127.0.0.1", "port": self.ports[i], "frame_timeout_s": 10},
            "admin_listener": {"address": "127.0.0.1", "port": self.admin_ports[i]},
            "allowlist_file": "allowlist.conf",
            "database": {"conninfo": self.app, "owner_conninfo": self.owner, "admin_conninfo": self.admin,
                         "pool_size": 16, "writer_lanes": 2, "commit_timeout_ms": 3000},
            "sg186": {"host": "127.0.0.1", "port": self.sim_port, "heartbeat_interval_s": 5,
                      "exchange_timeout_ms": 1500},
            "keys": {"kek_file": "kek.key"},
            "limits": {"max_cash_in_transit_fen": 1000000000},
            "saf": {"max_backoff_s": 2},
            "reconcile": {"nightly": False, "report_dir": self.path("recon")},
            "audit": {"checkpoint_dir": self.path("checkpoints")},
            "log": {"level": "info"},
        }
        for key, value in extra.items():
            config[key].update(value)
        with open(self.path(f"mstation-{i + 1}.json"), "w") as f:
            json.dump(config, f, indent=2)

    # --- daemons ----------------------------------------------------------
    def start_daemon(self, i, timeout=60):
        self.starts[i] += 1
        self.daemons[i] = Proc([self.bin("mstation"), "serve", "--config", self.path(f"mstation-{i + 1}.json")],
                               self.path(f"mstation-{i + 1}.{self.starts[i]}.log"))
        if self.daemons[i].wait_for_text("listening for terminals on", timeout) is None:
            raise RuntimeError(f"mstation serve {i + 1} did not start: see {self.daemons[i].log_path}")

    def kill_daemon(self, i, sig=signal.SIGKILL):
        if self.daemons[i] is not None:
            self.daemons[i].kill(sig)

    def ready(self, i):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.admin_ports[i]}/readyz", timeout=2) as r:
                return r.status == 200
        except Exception:
            return False

    def wait_ready(self, i, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ready(i):
                return True
            time.sleep(0.1)
        return False

    def metrics(self, i):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.admin_ports[i]}/metrics", timeout=5) as r:
                return r.read().decode()
        except Exception:
            return ""

    def stop(self):
        for i in range(self.instances):
            if self.daemons[i] is not None:
                self.kill_daemon(i, signal.SIGTERM)
        if self.sim is not None:
            self.sim.kill(signal.SIGTERM)

    # --- load -------------------------------------------------------------
    def load(self, duration, mix, extra=(), name="load"):
        servers = []
        for p in self.ports:
            servers += ["--server", f"127.0.0.1:{p}"]
        argv = [self.bin("hhu-sim"), "load"] + servers + [
            "--fleet", self.path("fleet.csv"), "--tmk-file", self.path("fleet.tmk"),
            "--operators", self.path("operators.csv"), "--customers", self.path("customers.txt"),
            "--terminals", str(TERMINALS), "--duration", str(duration), "--mix", mix,
            "--told", self.path(f"{name}.told.jsonl"), "--retransmit", "60", "--json"] + list(extra)
        return Proc(argv, self.path(f"{name}.log"))
