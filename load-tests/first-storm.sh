#!/usr/bin/env bash
# The first storm of a freshly started instance: start the local run mode (embedded PostgreSQL,
# Redis and Kafka, Redis inventory), wait for /actuator/health/readiness, fire one hot-slot storm
# at once (Gatling verifies its agents' phones first, then RATE req/s on one slot for DURATION s,
# no unmeasured warm-up), stop. Run it with the start-up warm-up off and on to compare:
#
#   WARMUP=false load-tests/first-storm.sh     # a cold instance
#   WARMUP=true  load-tests/first-storm.sh     # readiness after the booking-path warm-up
#
# Settings (environment): WARMUP (true), PORT (18090), RATE (1000), DURATION (10), AGENTS (1000),
# JVM_ARGS (-Xms1g -Xmx1g), APP_ARGS, OUT (folder), BUILD (1: compile and write the classpath first).
# Prints one line: warm-up, seconds to readiness, load averages, then the storm's CSV row
# (decided/s, 503s, p99). Traffic goes to localhost only; every loop is bounded.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LT="$ROOT/load-tests"
WARMUP=${WARMUP:-true}
PORT=${PORT:-18090}
RATE=${RATE:-1000}
DURATION=${DURATION:-10}
AGENTS=${AGENTS:-1000}
JVM_ARGS=${JVM_ARGS:-"-Xms1g -Xmx1g"}
APP_ARGS=${APP_ARGS:-}
BUILD=${BUILD:-1}
OUT=${OUT:-"$LT/results/first-storm-$(date +%Y%m%d-%H%M%S)-warmup-$WARMUP"}
BASE="http://localhost:$PORT"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
CLASSPATH_FILE="$ROOT/target/local-classpath.txt"
APP_PID=""

if [ "$BUILD" = 1 ] || [ ! -f "$CLASSPATH_FILE" ]; then
  (cd "$ROOT" && ./mvnw -q test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$CLASSPATH_FILE") || { echo "build failed"; exit 1; }
fi

stop_app() {
  [ -z "$APP_PID" ] && return 0
  # SIGTERM: the local mode's shutdown hook closes the application, then the embedded servers.
  kill -TERM "$APP_PID" 2>/dev/null
  for _ in $(seq 1 60); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 1; done
  kill -0 "$APP_PID" 2>/dev/null && kill -KILL "$APP_PID" 2>/dev/null
  APP_PID=""
}
trap 'stop_app' EXIT
trap 'exit 130' INT TERM

started=$(date +%s.%N)
# shellcheck disable=SC2086
java $JVM_ARGS -cp "$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$CLASSPATH_FILE")" cn.yuyue.LocalYuyueApplication \
    --server.port="$PORT" --yuyue.inventory.store=redis --yuyue.queue.simulator.enabled=false \
    --yuyue.web.trusted-proxies=127.0.0.1/32,::1/128 --yuyue.rate-limit.client-per-minute=0 \
    --yuyue.rate-limit.phone-bookings-per-minute=0 --yuyue.verification.client-codes-per-hour=0 \
    --yuyue.verification.codes-per-minute=0 --yuyue.verification.human-check-after=0 --yuyue.warmup.enabled="$WARMUP" \
    --logging.level.root=WARN --logging.level.cn.yuyue=INFO $APP_ARGS > "$OUT/app.log" 2>&1 &
APP_PID=$!
ready=""
for _ in $(seq 1 600); do
  if curl -sf --max-time 2 "$BASE/actuator/health/readiness" > /dev/null; then ready=$(date +%s.%N); break; fi
  kill -0 "$APP_PID" 2>/dev/null || { echo "the service did not start: $OUT/app.log"; tail -30 "$OUT/app.log"; exit 1; }
  sleep 0.5
done
[ -z "$ready" ] && { echo "not ready after 300 s"; exit 1; }
to_ready=$(echo "$ready - $started" | bc)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

"$ROOT/mvnw" -q -f "$LT/pom.xml" gatling:test -Dgatling.simulationClass=yuyue.ReleaseStormSimulation \
    -DbaseUrl="$BASE" -Dmode="first-storm-warmup-$WARMUP" -DhotSlot=true -Dusers="$AGENTS" -Drates="$RATE" \
    -Dduration="$DURATION" -Dwarmup=0 -Dout="$OUT/storm.csv" -Dsummary="$OUT/summary.properties" \
    -Dtimeline="$OUT/timeline.csv" > "$OUT/gatling.log" 2>&1
status=$?
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
grep -E "Warm-up|warm-up" "$OUT/app.log" | tail -2
echo "warmup=$WARMUP seconds_to_ready=$to_ready load_before=[$load_before] load_after=[$load_after] gatling_exit=$status"
cat "$OUT/storm.csv" 2>/dev/null
