#!/usr/bin/env bash
# The cost of a booking decision against the same instance's HTTP ceiling, measured with wrk, a
# light generator, on a core of its own: the service and its embedded servers on APP_CPUS (0), wrk
# on GEN_CPUS (1). For each round: the ceiling (GET /api/v1/business-types), a storm on one hot slot
# (12 places: a few 201s, then 409 SLOT_FULL, the contended decision) and real bookings spread over
# SPREAD_HALLS halls (most get a place: a Kafka event, a PostgreSQL row and an SMS each). Rounds
# alternate the three so a drift of the machine shows. Afterwards the hot slots are read back: more
# places sold than they have fails the run.
#
#   load-tests/wrk-ratio.sh                   # 2 rounds, 20 s per measurement, 64 connections
#   ROUNDS=3 DURATION=30 CONNECTIONS=128 load-tests/wrk-ratio.sh
#   JFR=1 load-tests/wrk-ratio.sh             # and a Flight Recorder profile of one more hot-slot storm
#
# Needs wrk (apt-get install wrk) and a JDK. Traffic goes to localhost only.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LT="$ROOT/load-tests"
PORT=${PORT:-8080}
BASE="http://localhost:$PORT"
# The per-phone cap would answer most of these agents' requests TOO_MANY_ACTIVE_BOOKINGS within
# seconds; its count still runs on every decision.
APP_ARGS="--yuyue.booking.max-active-per-phone=1000000 ${APP_ARGS:-}"
# G1 as on a pod with two cores: on one core the JVM would pick the serial collector.
JVM_ARGS=${JVM_ARGS:-"-Xms1g -Xmx1g -XX:+UseG1GC"}
JFR=${JFR:-0}
APP_CPUS=${APP_CPUS-0}
GEN_CPUS=${GEN_CPUS-1}
ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
AGENTS=${AGENTS:-500}
SPREAD_HALLS=${SPREAD_HALLS:-60}
OUT=${OUT:-"$LT/results/wrk-$(date +%Y%m%d-%H%M%S)"}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
RUN=$(( $(date +%s) % 90 + 1 ))

source "$LT/lib.sh"
trap 'stop_app' EXIT
trap 'exit 130' INT TERM

command -v wrk > /dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
if port_busy "$PORT"; then echo "Port $PORT is in use: stop what runs there or set PORT"; exit 1; fi
{ echo "date: $(date -Is)"; echo "nproc: $(nproc)"; grep -m1 'model name' /proc/cpuinfo; free -h;
  echo "service on cores ${APP_CPUS:-any}, wrk on cores ${GEN_CPUS:-any}"; echo "loadavg before: $(cat /proc/loadavg)";
  java -version 2>&1 | head -1; wrk --version 2>&1 | head -1; } > "$OUT/machine.txt"
cat "$OUT/machine.txt"

log "Building once"
"$ROOT/mvnw" -q -f "$ROOT/pom.xml" -DskipTests test-compile || exit 1
start_app redis

# Agents and targets: one set for the warm-up (halls 280 on), one per round (hot slot and spread).
prepare() { # name skipHalls halls [agents]
  pinned "$GEN_CPUS" java "$LT/tools/WrkAgents.java" "$BASE" "${4:-0}" "$RUN" "$2" "$3" "$OUT/$1" > "$OUT/$1.log" 2>&1 \
      || { echo "preparing $1 failed:"; tail -5 "$OUT/$1.log"; exit 1; }
  [ -f "$OUT/$1/agents.txt" ] || cp "$OUT/warmup/agents.txt" "$OUT/$1/"
}
log "Verifying $AGENTS agents and finding targets"
prepare warmup 280 20 "$AGENTS"
for round in $(seq 1 "$ROUNDS"); do
  prepare "hot-$round" $(( 200 + round )) 1
  prepare "spread-$round" $(( 20 + (round - 1) * SPREAD_HALLS )) "$SPREAD_HALLS"
done

wrk_run() { # name, then wrk arguments
  local name=$1; shift
  pinned "$GEN_CPUS" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" > "$OUT/$name.txt" 2>&1
  echo "$name: $(grep -E '^(answers/s|decisions/s|answers by)' "$OUT/$name.txt" | tr '\n' ' ')"
}

log "Warm-up (not measured)"
DURATION=60 wrk_run warmup-get -s "$LT/wrk/get.lua" "$BASE/api/v1/business-types"
DURATION=60 wrk_run warmup-book -s "$LT/wrk/booking.lua" "$BASE" -- "$OUT/warmup" 0 "$RUN"
settle

for round in $(seq 1 "$ROUNDS"); do
  log "Round $round"
  wrk_run "ceiling-$round" -s "$LT/wrk/get.lua" "$BASE/api/v1/business-types"
  wrk_run "hot-$round" -s "$LT/wrk/booking.lua" "$BASE" -- "$OUT/hot-$round" 1 "$(( RUN + round ))"
  wrk_run "spread-$round" -s "$LT/wrk/booking.lua" "$BASE" -- "$OUT/spread-$round" 0 "$(( RUN + 50 + round ))"
done

# The profile has a storm of its own: recording costs the service CPU, and its figures stay out of the table.
if [ "$JFR" = 1 ]; then
  log "Profiled hot-slot storm (not in the table)"
  prepare hot-jfr 210 1
  jcmd "$(app_jvm_pid)" JFR.start name=hot settings=profile > /dev/null
  wrk_run hot-jfr -s "$LT/wrk/booking.lua" "$BASE" -- "$OUT/hot-jfr" 1 "$(( RUN + 90 ))"
  jcmd "$(app_jvm_pid)" JFR.stop name=hot filename="$OUT/hot.jfr" > /dev/null
fi

log "Reading the hot slots back"
oversold=0
for round in $(seq 1 "$ROUNDS"); do
  read -r hall date start < "$OUT/hot-$round/targets.txt"
  remaining=$(curl -s "$BASE/api/v1/halls/$hall/slots?date=$date" | grep -o "\"start\":\"$start\"[^}]*" | grep -o '"remaining":[0-9-]*' | cut -d: -f2)
  created=$(grep -o '201=[0-9]*' "$OUT/hot-$round.txt" | cut -d= -f2)
  echo "hot slot $hall $date $start: 201s ${created:-0}, remaining ${remaining:-?}"
  [ "${remaining:-0}" -lt 0 ] && oversold=1
done
echo "heap after the runs: $(jcmd "$(app_jvm_pid)" GC.heap_info 2>/dev/null | head -2 | tr '\n' ' ')"

log "Summary ($OUT)"
{
  echo "| round | GET ceiling answers/s (p99) | hot slot decisions/s (p99) | ratio | real bookings decisions/s (p99) | ratio |"
  echo "|---|---|---|---|---|---|"
  for round in $(seq 1 "$ROUNDS"); do
    c=$(awk '/^answers\/s/ {print $2}' "$OUT/ceiling-$round.txt"); cp=$(awk '/^answers\/s/ {print $NF}' "$OUT/ceiling-$round.txt")
    h=$(awk '/^decisions\/s/ {print $2}' "$OUT/hot-$round.txt"); hp=$(awk '/^decisions\/s/ {print $NF}' "$OUT/hot-$round.txt")
    s=$(awk '/^decisions\/s/ {print $2}' "$OUT/spread-$round.txt"); sp=$(awk '/^decisions\/s/ {print $NF}' "$OUT/spread-$round.txt")
    awk -v r="$round" -v c="${c:-0}" -v cp="$cp" -v h="${h:-0}" -v hp="$hp" -v s="${s:-0}" -v sp="$sp" 'BEGIN {
      hr = (c > 0) ? 100 * h / c : 0; sr = (c > 0) ? 100 * s / c : 0
      printf "| %s | %s (%s ms) | %s (%s ms) | %.0f%% | %s (%s ms) | %.0f%% |\n", r, c, cp, h, hp, hr, s, sp, sr }'
  done
} | tee "$OUT/table.md"
if [ "$JFR" = 1 ]; then
  java "$LT/tools/JfrTop.java" "$OUT/hot.jfr" 30 > "$OUT/hot-profile.txt" 2>&1 && echo "Profile: $OUT/hot-profile.txt"
fi
[ "$oversold" = 0 ] || { echo "OVERSOLD: a hot slot has fewer than 0 places left"; exit 1; }
