#!/usr/bin/env bash
# Load test of `chanjiao serve` over loopback with wrk: validated ~50 KB demand submissions (unique
# ids, so every one is accepted and committed), then GET /v1/plan. Bounded in time: DURATION seconds
# per phase (default 15). Prints submissions/s, p99, and the plan's p99.
#
#   Scripts/load-test.sh                 # builds release, runs both phases
#   CHANJIAO_BIN=path DURATION=10 CONNECTIONS=16 Scripts/load-test.sh
#
# CONNECTIONS (default 12) is a closed loop's concurrency: mean latency = connections ÷ rate, so
# the p99 it reports grows with it at the same rate (Guides/Server.md, "Figures").
#   SERVE_ARGS="--replan-delay-ms 600000" …   # the request path alone (planning deferred)
#   DB=postgres://user:password@127.0.0.1:5432/db …   # PostgreSQL (a fresh schema, dropped after)
#                                                    # instead of SQLite in a temporary folder
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-12}
THREADS=${THREADS:-2}
ROLES=${ROLES:-150}          # roles per demand: 150 gives ~50 KB

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
fi

BIN=${CHANJIAO_BIN:-}
if [ -z "$BIN" ]; then
  swift build -c release --product chanjiao >&2
  BIN=$(swift build -c release --show-bin-path)/chanjiao
fi

work=$(mktemp -d /tmp/chanjiao-load.XXXXXX)
server_pid=
PG_BASE=${DB:-}
schema=
if [ -n "$PG_BASE" ]; then
  schema="load_$(date +%s)_$$"
  case "$PG_BASE" in *\?*) DB="$PG_BASE&schema=$schema" ;; *) DB="$PG_BASE?schema=$schema" ;; esac
  echo "database: PostgreSQL, schema $schema"
else
  DB="$work/db.sqlite"
  echo "database: SQLite"
fi
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$schema" ]; then psql "$PG_BASE" -qAt -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

BODY_NAME="负载测试产业协会"
TOKEN=$("$BIN" token issue --name load --role industry --body "$BODY_NAME" --db "$DB")

# One industry token sends every request: its quotas are lifted so that they do not end the phase.
"$BIN" serve --db "$DB" --port 0 --catalogs Catalogs --quota-per-hour 0 --quota-bytes 0 ${SERVE_ARGS:-} \
  >"$work/out" 2>"$work/err" &
server_pid=$!
for _ in $(seq 1 600); do
  grep -q "listening on" "$work/out" 2>/dev/null && break
  sleep 0.1
done
PORT=$(sed -n 's/.*listening on .*:\([0-9]*\)$/\1/p' "$work/out" | head -1)
[ -n "$PORT" ] || { echo "server did not start"; cat "$work/err"; exit 1; }
URL="http://127.0.0.1:$PORT"
echo "server on $URL (pid $server_pid)"
# Wait for the first plan (catalogs only) so that the plan phase measures a served plan.
for _ in $(seq 1 1200); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/v1/plan")" = 200 ] && break
  sleep 0.1
done

# The demand: ROLES roles against real catalog codes; %ID% is replaced per request.
python3 - "$ROLES" "$BODY_NAME" >"$work/demand.xml" <<'PY'
import sys
roles, body = int(sys.argv[1]), sys.argv[2]
out = ['<?xml version="1.0" encoding="UTF-8"?>',
       f'<demand xmlns="urn:chanjiao:demand:1" id="%ID%" submitter="{body}" cluster="c33618-advanced-materials" period="2026" district="大足区">']
levels = [("operator", "secondary", "6-17-06-03", "镁冶炼工"), ("technician", "higher", "2-02-19-03", "无机非金属材料工程技术人员"),
          ("technician", "higher", "6-23-03-03", "航空发动机装配工"), ("operator", "secondary", "6-15-04-01", "玻璃纤维及制品工")]
skills = ["操作破碎", "镁矿石", "配料", "性能", "无机非金属材料的生产装备", "硅酸盐物理化学", "装配航空发动机", "转化膜技术", "工程识图与CAD", "编织"]
for r in range(1, roles + 1):
    level, edu, occ, name = levels[r % len(levels)]
    out.append(f'  <role id="R{r:03d}" name="{name}" occupation="{occ}" level="{level}" headcount="{5 + r % 40}" educationLevel="{edu}" growth="0.05" district="大足区">')
    for k in range(4):
        out.append(f'    <skill weight="{1 + (r + k) % 3}">{skills[(r + k) % len(skills)]}</skill>')
    out.append('  </role>')
out.append('</demand>')
print("\n".join(out))
PY
SIZE=$(wc -c <"$work/demand.xml")
echo "demand body: $SIZE bytes, $ROLES roles"

cat >"$work/post.lua" <<LUA
local f = io.open("$work/demand.xml", "rb")
local template = f:read("*a")
f:close()
-- Split once around %ID%: a gsub over the 50 KB body per request cost wrk a sixth of the
-- machine's CPU, which the server then lacked.
local at = template:find("%ID%", 1, true)
local head, tail = template:sub(1, at - 1), template:sub(at + 4)
local counter = 0
tid = 0
local threads = {}
function setup(thread)
  tid = tid + 1
  thread:set("tid", tid)
  table.insert(threads, thread)
end
function init(args)
  created = 0
  replayed = 0
  other = 0
  math.randomseed(os.time() * 1000 + tid)
  run = math.random(1, 1000000000)
end
function request()
  counter = counter + 1
  local id = "LOAD-" .. run .. "-" .. tid .. "-" .. counter
  local body = head .. id .. tail
  return wrk.format("POST", "/v1/demand", {
    ["Content-Type"] = "application/xml",
    ["Authorization"] = "Bearer $TOKEN",
  }, body)
end
function response(status, headers, body)
  if status == 201 then
    if headers["Idempotent-Replayed"] then replayed = replayed + 1 else created = created + 1 end
  else
    other = other + 1
  end
end
function done(summary, latency, requests)
  local c, r, o = 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    r = r + t:get("replayed")
    o = o + t:get("other")
  end
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT submissions/s=%.1f created=%d replayed=%d other=%d errors=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    c / secs, c, r, o, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA

# Server CPU seconds (user + system), to report CPU per request independently of other load.
cpu() { awk '{printf "%.2f", ($14 + $15) / '"$(getconf CLK_TCK)"'}' "/proc/$server_pid/stat"; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
cpu0=$(cpu)
echo "== POST /v1/demand: $DURATION s, $THREADS threads, $CONNECTIONS connections"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$work/post.lua" "$URL" | tee "$work/post.txt"

cpu1=$(cpu)
curl -s "$URL/healthz"; echo
echo "== GET /v1/plan: $DURATION s, $THREADS threads, $CONNECTIONS connections"
curl -s -o /dev/null -w "plan.json: %{size_download} bytes, revision %header{chanjiao-plan-revision}\n" "$URL/v1/plan" || true
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency "$URL/v1/plan" | tee "$work/get.txt"

curl -s "$URL/healthz"; echo
echo "== summary"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep RESULT "$work/post.txt"
created=$(sed -n 's/.*created=\([0-9]*\).*/\1/p' "$work/post.txt")
awk -v a="$cpu0" -v b="$cpu1" -v n="$created" 'BEGIN { if (n > 0) printf "server CPU during POST phase: %.1f s, %.2f ms per accepted submission (includes background planning)\n", b - a, (b - a) * 1000 / n }' 
awk '/Latency Distribution/{f=1} f && /99%/{print "GET /v1/plan p99=" $2; exit}' "$work/get.txt"
grep "Requests/sec" "$work/get.txt" | sed 's/^/GET \/v1\/plan /'
