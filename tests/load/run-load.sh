#!/usr/bin/env bash
# HTTP load test (issues 6 and 7): builds the Release service, starts it on loopback with rate limiting off and
# logging at Warning, and drives it with wrk for a fixed time per scenario:
#   live      GET  /health/live                       the baseline
#   validate  POST /v1/references/validate            one reference per request, 1,000 distinct ones in turn
#   batch     POST /v1/references/validate/batch      1,000 references per request
# Two consecutive runs; reports requests/s, p50/p99 latency, non-2xx count, references/s for the batch, the server's
# peak working set (VmHWM) and the ratios to the baseline. It stops the server (SIGTERM) by itself.
# Pass: 0 non-2xx (and no socket error) in every scenario, and < 10% peak-memory growth from run 1 to run 2.
#
#   tests/load/run-load.sh                      # 30 s per scenario and run (about 3.5 minutes)
#   LOAD_DURATION=5 tests/load/run-load.sh      # a quick try
# Other knobs: LOAD_PORT (5099), LOAD_THREADS (1), LOAD_CONNECTIONS (16), LOAD_BATCH_CONNECTIONS (4), LOAD_WARMUP (5).
# Needs: wrk (Debian package "wrk"), curl, python3, the .NET SDK.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir="$root/tests/load"
duration=${LOAD_DURATION:-30}
warmup=${LOAD_WARMUP:-5}
port=${LOAD_PORT:-5099}
threads=${LOAD_THREADS:-1}
connections=${LOAD_CONNECTIONS:-16}
batch_connections=${LOAD_BATCH_CONNECTIONS:-4}
url="http://127.0.0.1:$port"
command -v wrk >/dev/null || { echo "wrk is required: apt-get install wrk" >&2; exit 2; }

work=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
        kill -TERM "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "== build (Release)"
dotnet build "$root/src/ImageRefApi/ImageRefApi.csproj" -c Release -v q -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
dll="$root/src/ImageRefApi/bin/Release/net10.0/ImageRefApi.dll"

# Request bodies from the shared corpus: 1,000 single-reference bodies and one 1,000-reference batch.
python3 - "$root/tests/TestData/corpus/realistic-10k.jsonl" "$work" <<'PY'
import json, sys
inputs = [json.loads(line)["input"] for line in open(sys.argv[1], encoding="utf-8")][:1000]
with open(f"{sys.argv[2]}/validate.txt", "w", encoding="utf-8") as f:
    for s in inputs:
        f.write(json.dumps({"reference": s}) + "\n")
with open(f"{sys.argv[2]}/batch.json", "w", encoding="utf-8") as f:
    json.dump({"references": inputs}, f)
PY
export LOAD_DIR="$dir" LOAD_VALIDATE_BODIES="$work/validate.txt" LOAD_BATCH_BODY="$work/batch.json"

echo "== start the service on $url"
# env: the Serilog override key has dots, which a shell assignment cannot name.
env ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS="$url" \
    RateLimiting__Enabled=false \
    Serilog__MinimumLevel__Default=Warning \
    Serilog__MinimumLevel__Override__Microsoft.Hosting.Lifetime=Warning \
    Api__ShutdownDelaySeconds=0 \
    dotnet "$dll" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
    curl -sf "$url/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
done
curl -sf "$url/health/ready" >/dev/null || { cat "$work/server.log"; echo "the service did not become ready" >&2; exit 1; }

headers=$(curl -s -D - -o /dev/null "$url/health/live")
echo "$headers" | grep -qi '^x-content-type-options: nosniff' || { echo "FAIL: no X-Content-Type-Options: nosniff" >&2; exit 1; }
if echo "$headers" | grep -qi '^server:'; then echo "FAIL: the server sends a Server header" >&2; exit 1; fi
echo "   headers ok: nosniff, no Server header"

status_kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$server/status"; }

# run <label> <scenario> <seconds> <connections>: prints "RESULT …" and records the highest VmRSS seen while it ran.
run() {
    local label=$1 scenario=$2 seconds=$3 conns=$4 peak=0 rss
    wrk -t"$threads" -c"$conns" -d"${seconds}s" --timeout 10s -s "$dir/$scenario.lua" "$url" >"$work/$label.out" 2>&1 &
    local wrk_pid=$!
    while kill -0 "$wrk_pid" 2>/dev/null; do
        rss=$(status_kb VmRSS); [ "${rss:-0}" -gt "$peak" ] && peak=$rss
        sleep 0.5
    done
    wait "$wrk_pid" || { cat "$work/$label.out"; echo "wrk failed" >&2; exit 1; }
    local line
    line=$(grep '^RESULT' "$work/$label.out") || { cat "$work/$label.out"; exit 1; }
    echo "$label $scenario ${line#RESULT } rss_peak_kb=$peak" >>"$work/results.txt"
}

if [ "$warmup" -gt 0 ]; then
    echo "== warm-up (${warmup} s per scenario, not reported)"
    for s in live validate batch; do run warmup "$s" "$warmup" "$connections"; done
    : >"$work/results.txt"
fi

for r in 1 2; do
    echo "== run $r (${duration} s per scenario)"
    run "run$r" live "$duration" "$connections"
    run "run$r" validate "$duration" "$connections"
    run "run$r" batch "$duration" "$batch_connections"
    echo "run$r hwm_kb=$(status_kb VmHWM)" >>"$work/results.txt"
done

echo "== stop the service (SIGTERM)"
stop_started=$(date +%s.%N)
kill -TERM "$server"
set +e; wait "$server"; exit_code=$?; set -e
server=""
stop_seconds=$(python3 -c "import time,sys; print(f'{time.time() - float(sys.argv[1]):.2f}')" "$stop_started")
echo "   exited with $exit_code after $stop_seconds s"
grep -E '"@l":"(Error|Fatal)"|\[(ERR|FTL)\]' "$work/server.log" && { echo "FAIL: the server logged errors" >&2; exit 1; } || true

python3 - "$work/results.txt" "$exit_code" <<'PY'
import sys
rows, hwm = {}, {}
for line in open(sys.argv[1]):
    parts = line.split()
    if "hwm_kb=" in line:
        hwm[parts[0]] = int(parts[1].split("=")[1])
        continue
    fields = dict(p.split("=") for p in parts[2:])
    rows[(parts[0], parts[1])] = fields

print()
print(f"{'run':<5} {'scenario':<9} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'sock err':>8} {'refs/s':>11} {'peak RSS MiB':>13}")
ok = True
for run in ("run1", "run2"):
    live = float(rows[(run, "live")]["rps"])
    for scenario in ("live", "validate", "batch"):
        f = rows[(run, scenario)]
        rps = float(f["rps"])
        refs = rps * 1000 if scenario == "batch" else rps
        print(f"{run:<5} {scenario:<9} {rps:>10.0f} {float(f['p50_ms']):>8.2f} {float(f['p99_ms']):>8.2f} {int(f['non2xx']):>8} {int(f['socket_errors']):>8} {refs:>11.0f} {int(f['rss_peak_kb'])/1024:>13.1f}")
        ok &= int(f["non2xx"]) == 0 and int(f["socket_errors"]) == 0
    validate = float(rows[(run, "validate")]["rps"])
    batch_refs = float(rows[(run, "batch")]["rps"]) * 1000
    print(f"      ratios: validate/live = {validate / live:.2f} (target >= 0.60), batch refs/s = {batch_refs:,.0f} "
          f"= {batch_refs / live:.1f}x live req/s (target >= 200,000 refs/s); peak working set (VmHWM) {hwm[run] / 1024:.1f} MiB")

growth = (hwm["run2"] - hwm["run1"]) / hwm["run1"]
print(f"\nmemory growth run1 -> run2 (VmHWM): {growth * 100:+.1f}% (must be < 10%)")
ok &= growth < 0.10
ok &= sys.argv[2] == "0"
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
