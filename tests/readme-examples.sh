#!/usr/bin/env bash
# Re-runs the curl examples of README.md against the service started with the README's command and
# compares their output with what the README shows (trace ids aside).
#   tests/readme-examples.sh            check; exit 1 on any difference
#   tests/readme-examples.sh --update   rewrite the README's output blocks with the real output
# Needs: curl, python3, a free port 5080.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:---check}

log=$(mktemp)
dotnet run --project src/ImageRefApi >"$log" 2>&1 &
runner=$!
cleanup() {
    # dotnet run starts the app as a child process: stop the child first, then the runner.
    pkill -TERM -P "$runner" 2>/dev/null || true
    kill "$runner" 2>/dev/null || true
    wait "$runner" 2>/dev/null || true
    rm -f "$log"
}
trap cleanup EXIT

for _ in $(seq 1 120); do
    curl -sf http://localhost:5080/health/ready >/dev/null 2>&1 && break
    sleep 1
done
curl -sf http://localhost:5080/health/ready >/dev/null || { cat "$log"; echo "service did not become ready" >&2; exit 1; }

python3 - "$mode" <<'PY'
import re, subprocess, sys

mode = sys.argv[1]
readme = open("README.md", encoding="utf-8").read()
begin, end = "<!-- examples:begin -->", "<!-- examples:end -->"
head, rest = readme.split(begin, 1)
section, tail = rest.split(end, 1)

# Each example: a ```sh block whose line starts with "$ curl", then a ```json block with its output.
pattern = re.compile(r"```sh\n\$ (curl[^\n]*)\n```\n+```json\n(.*?)\n```", re.S)
trace = re.compile(r'"traceId":"[^"]*"')
differences = 0

def run(match):
    global differences
    command, shown = match.group(1), match.group(2)
    actual = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=True).stdout.rstrip("\n")
    if trace.sub('"traceId":"…"', actual) != trace.sub('"traceId":"…"', shown):
        differences += 1
        print(f"DIFFERS: {command}\n  README: {shown}\n  actual: {actual}\n")
    return f"```sh\n$ {command}\n```\n\n```json\n{actual}\n```"

section = pattern.sub(run, section)
count = len(pattern.findall(readme))
if mode == "--update":
    open("README.md", "w", encoding="utf-8").write(head + begin + section + end + tail)
    print(f"{count} examples rewritten ({differences} changed)")
else:
    print(f"{count} examples, {differences} differ")
    sys.exit(1 if differences else 0)
PY
