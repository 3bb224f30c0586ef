#!/usr/bin/env bash
# Queue watchers held by one instance, and what each costs in memory: starts the local run mode
# (the queue simulator on, pushing every hall's state) with the service on APP_CPUS (0) and runs
# QueueWatchersSimulation on GEN_CPUS (1) with USERS watchers. The heap after a full GC and the
# service's resident memory are read before the watchers connect and again while all of them are
# held; the difference over the watchers is the memory per watcher. The simulation reports the
# update delay (event's updatedAt to received) and fails on a refused or broken stream; the
# service's own hand-over delay (intake to stream, millisecond clocks) is read from its histogram.
#
#   load-tests/watchers-memory.sh                       # 10,000 watchers, 60 s ramp, 120 s held
#   USERS=5000 RAMP=40 DURATION=60 load-tests/watchers-memory.sh
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LT="$ROOT/load-tests"
PORT=${PORT:-8080}
BASE="http://localhost:$PORT"
APP_ARGS=${APP_ARGS:-}
# G1 as on a pod with two cores: on one core the JVM would pick the serial collector.
JVM_ARGS=${JVM_ARGS:-"-Xms1g -Xmx1g -XX:+UseG1GC"}
APP_CPUS=${APP_CPUS-0}
GEN_CPUS=${GEN_CPUS-1}
USERS=${USERS:-10000}
RAMP=${RAMP:-60}
DURATION=${DURATION:-120}
OUT=${OUT:-"$LT/results/watchers-$(date +%Y%m%d-%H%M%S)"}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

source "$LT/lib.sh"
# Every watcher is a socket in the service and one in the generator: each needs USERS open files.
ulimit -n "$(ulimit -Hn)" 2>/dev/null
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -gt $(( USERS + 2000 )) ] \
  || echo "the open-files limit ($(ulimit -n)) is below $(( USERS + 2000 )): watchers will be refused"
trap 'stop_app' EXIT
trap 'exit 130' INT TERM

if port_busy "$PORT"; then echo "Port $PORT is in use: stop what runs there or set PORT"; exit 1; fi
{ echo "date: $(date -Is)"; echo "nproc: $(nproc)"; grep -m1 'model name' /proc/cpuinfo; free -h;
  echo "service on cores ${APP_CPUS:-any}, Gatling on cores ${GEN_CPUS:-any}"; echo "loadavg before: $(cat /proc/loadavg)"; } > "$OUT/machine.txt"
cat "$OUT/machine.txt"

memory() { # label: heap used after a full GC (MiB) and the service's resident memory (MiB)
  local pid heap rss
  pid=$(app_jvm_pid)
  jcmd "$pid" GC.run > /dev/null 2>&1
  sleep 2
  heap=$(curl -s --max-time 5 "$BASE/actuator/prometheus" \
      | awk 'index($0, "jvm_memory_used_bytes{") == 1 && index($0, "area=\"heap\"") {sum += $NF} END {printf "%d", sum / 1048576}')
  rss=$(ps -o rss= -p "$pid" | tr -d ' ')
  echo "$1 ${heap:-0} $(( ${rss:-0} / 1024 )) $(metric yuyue_web_streams_open)"
}

log "Building once"
"$ROOT/mvnw" -q -f "$ROOT/pom.xml" -DskipTests test-compile || exit 1
"$ROOT/mvnw" -q -f "$LT/pom.xml" test-compile || exit 1
QUEUE_SIMULATOR=true
APP_ARGS="--yuyue.web.streams.per-instance=$(( USERS + 1000 )) $APP_ARGS"
start_app redis
sleep 20
memory before | tee "$OUT/memory.txt"

log "Watchers: $USERS over ${RAMP} s, held ${DURATION} s"
pinned "$GEN_CPUS" "$ROOT/mvnw" -q -f "$LT/pom.xml" gatling:test -Dgatling.simulationClass=yuyue.QueueWatchersSimulation \
    -DbaseUrl="$BASE" -Dusers="$USERS" -Dramp="$RAMP" -Dduration="$DURATION" > "$OUT/gatling.log" 2>&1 &
GATLING=$!
held=""
for _ in $(seq 1 $(( RAMP + DURATION ))); do
  open=$(metric yuyue_web_streams_open); open=${open%.*}
  if [ "${open:-0}" -ge "$USERS" ]; then held=yes; break; fi
  sleep 1
done
if [ -n "$held" ]; then
  sleep 10
  memory held | tee -a "$OUT/memory.txt"
else
  echo "never held all $USERS at once (open streams: ${open:-?})" | tee -a "$OUT/memory.txt"
fi
wait "$GATLING"; rc=$?
# The service's own view of the delay, with millisecond clocks: from a state's acceptance by the
# intake to its hand-over to a watcher's stream (timer yuyue.queue.update.delay, cumulative buckets).
curl -s --max-time 5 "$BASE/actuator/prometheus" | awk '
  index($0, "yuyue_queue_update_delay_seconds_bucket{") == 1 {
    le = $0; sub(/.*le="/, "", le); sub(/".*/, "", le); count[++n] = $NF; bound[n] = le }
  END {
    if (n == 0) { print "hand-over delay: no histogram"; exit }
    total = count[n]
    for (i = 1; i <= n; i++) { if (!p50 && count[i] >= 0.5 * total) p50 = bound[i]; if (!p99 && count[i] >= 0.99 * total) p99 = bound[i] }
    printf "hand-over delay (intake to stream, the service'"'"'s clock): %d hand-overs, p50 <= %s s, p99 <= %s s (bucket bounds)\n", total, p50, p99 }' \
  | tee "$OUT/handover.txt"
grep -vE '^\s*$' "$OUT/gatling.log" | grep -iE 'watchers|delay|held|fail|error|events' | tail -20
awk -v n="$USERS" '$1 == "before" {h = $2; r = $3} $1 == "held" {
  printf "memory per watcher: heap %.1f KiB, resident %.1f KiB (%d streams open; heap %d -> %d MiB, resident %d -> %d MiB)\n",
    ($2 - h) * 1024 / n, ($3 - r) * 1024 / n, $4, h, $2, r, $3 }' "$OUT/memory.txt" | tee "$OUT/summary.txt"
exit $rc
