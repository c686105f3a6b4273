# The station for the benchmarks, sourced by bench/run and bench/connections:
# sg186-sim (5 000 customers, durable ledger), a configuration, keys, 128
# terminals enrolled by `mstation terminal import` on 127.0.1.x with one
# operator each, and `mstation serve`, all as processes. Expects: bin (the
# release build), work (a scratch directory), station_db (conninfo), pids
# (an array the caller's cleanup kills). Sets port and daemon.
#
# `station_start [EXTRA_TERMINAL_LISTENER_JSON]` — e.g. '"max_connections": 30000'.
# (The body is not indented: it holds a here-document.)
station_start() {
local listener_extra=${1:-}
if [ -n "$listener_extra" ]; then listener_extra=", $listener_extra"; fi
"$bin/sg186-sim" --listen 127.0.0.1:0 --state "$work/sg186" --customers 5000 --seed 1 >"$work/sg186-sim.log" 2>&1 &
pids+=($!)
sim_port=""
for _ in $(seq 1 200); do
  sim_port=$(sed -n 's/.*listening on [0-9.]*:\([0-9]*\).*/\1/p' "$work/sg186-sim.log" | head -1)
  [ -n "$sim_port" ] && break
  sleep 0.05
done
[ -n "$sim_port" ] || { cat "$work/sg186-sim.log"; exit 1; }
echo "127.0.0.0/8" >"$work/allowlist.conf"
# A free port for the terminal listener: at log level warn the daemon does not print the one it took.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/mstation.json" <<JSON
{ "station": { "agency_code": "510100000001", "instance": "bench" },
  "terminal_listener": { "address": "127.0.0.1", "port": $port, "max_connections_per_ip": 4$listener_extra },
  "admin_listener": { "address": "127.0.0.1", "port": 0 },
  "allowlist_file": "allowlist.conf",
  "database": { "conninfo": "$station_db", "pool_size": 48, "writer_lanes": 4 },
  "sg186": { "host": "127.0.0.1", "port": $sim_port, "heartbeat_interval_s": 0 },
  "keys": { "kek_file": "kek.key" },
  "limits": { "max_cash_in_transit_fen": 1000000000 },
  "reconcile": { "nightly": false },
  "log": { "level": "warn" } }
JSON
ms=("$bin/mstation")
"${ms[@]}" migrate --config "$work/mstation.json" >/dev/null
"${ms[@]}" keys init --config "$work/mstation.json" >/dev/null
{
  echo "tid,ip,suite,station"
  for i in $(seq 1 128); do printf '5101%04d,127.0.%d.%d,tdea,城关供电所\n' "$i" $((i / 200 + 1)) $((i % 200 + 2)); done
} >"$work/fleet.csv"
"${ms[@]}" terminal import "$work/fleet.csv" --tmk-out "$work/fleet.tmk" --config "$work/mstation.json" >/dev/null
: >"$work/operators.csv"
for i in $(seq 1 128); do
  id=$(printf '7%03d' "$i")
  echo "pw$id" | "${ms[@]}" operator add --id "$id" --name "收费员$i" --station 城关供电所 \
    --config "$work/mstation.json" >/dev/null
  echo "$id,pw$id" >>"$work/operators.csv"
done
"$bin/sg186-sim" customers --state "$work/sg186" >"$work/customers.txt"
"${ms[@]}" serve --config "$work/mstation.json" >"$work/mstation.log" 2>&1 &
daemon=$!
pids+=("$daemon")
up=false
for _ in $(seq 1 200); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then up=true; break; fi
  kill -0 "$daemon" 2>/dev/null || break
  sleep 0.05
done
$up || { echo "mstation serve did not start"; cat "$work/mstation.log"; exit 1; }
}

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$daemon/stat"; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$daemon/status"; }

# One load through `hhu-sim load`: appends its row (row is the caller's) and
# sets last_tps, last_p99.
load() {
  local label=$1 shift_label=$2
  shift 2
  local before after json
  before=$(cpu_ticks)
  json=$("$bin/hhu-sim" load --server "127.0.0.1:$port" --fleet "$work/fleet.csv" --tmk-file "$work/fleet.tmk" \
    --operators "$work/operators.csv" --customers "$work/customers.txt" --json "$@")
  after=$(cpu_ticks)
  read -r last_tps p50 last_p99 ok cpu < <(python3 - "$json" "$before" "$after" "$ticks" <<'PY'
import json, sys
s = json.loads(sys.argv[1]); before, after, ticks = map(float, sys.argv[2:])
done = max(s["completed"], 1)
print(f'{s["tps"]:.0f} {s["latency_ms"]["p50"]:.1f} {s["latency_ms"]["p99"]:.1f} '
      f'{s["approved"]}/{s["completed"]} {(after - before) / ticks / done * 1000:.2f}')
PY
)
  row "$label" "$shift_label" "$last_tps" "$p50" "$last_p99" "$ok" "$(rss_mib) MiB ${cpu}ms"
}

