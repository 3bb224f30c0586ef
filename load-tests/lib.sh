# Shared by the load-test scripts: start and stop the local run mode, read its metrics, wait for
# its JIT to settle. Expects ROOT, PORT, BASE, OUT, APP_ARGS, JVM_ARGS; APP_CPUS (for example 0)
# pins the service and the embedded servers it starts to those cores, GEN_CPUS the load generator,
# so a measurement can keep the two from competing for the same core. QUEUE_SIMULATOR=true lets the
# local mode's simulated queue systems push every hall's state (off for the booking storms).

APP_PID=""
PG_PID=""
APP_CPUS=${APP_CPUS:-}
GEN_CPUS=${GEN_CPUS:-}

pinned() { # cpus, command...: runs the command on those cores, or anywhere when cpus is empty
  local cpus=$1; shift
  if [ -n "$cpus" ]; then taskset -c "$cpus" "$@"; else "$@"; fi
}

log() { printf '\n=== %s  %s\n' "$(date +%T)" "$*"; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

metric() { # name -> value from /actuator/prometheus, empty if unreachable
  curl -s --max-time 2 "$BASE/actuator/prometheus" | awk -v m="$1" '$1 ~ "^"m"[{ ]" || $1 == m {print $2; exit}'
}

start_app() { # store
  local store=$1 jvm=""
  log "Starting the service with --yuyue.inventory.store=$store on :$PORT"
  (cd "$ROOT" && exec ${APP_CPUS:+taskset -c "$APP_CPUS"} ./mvnw -q spring-boot:test-run -Dspring-boot.test-run.optimizedLaunch=false \
      -Dspring-boot.run.jvmArguments="$JVM_ARGS" \
      -Dspring-boot.run.arguments="--server.port=$PORT --yuyue.inventory.store=$store --yuyue.inventory.postgres.bookings-only=true --yuyue.queue.simulator.enabled=${QUEUE_SIMULATOR:-false} --yuyue.web.trusted-proxies=127.0.0.1/32,::1/128 --yuyue.rate-limit.client-per-minute=0 --yuyue.rate-limit.phone-bookings-per-minute=0 --yuyue.verification.client-codes-per-hour=0 --yuyue.verification.codes-per-minute=0 --yuyue.verification.human-check-after=0 --logging.level.root=WARN --logging.level.cn.yuyue=INFO --logging.level.org.flywaydb.core.FlywayExecutor=INFO $APP_ARGS" \
      > "$OUT/app-$store.log" 2>&1) &
  APP_PID=$!
  for _ in $(seq 1 180); do
    if curl -sf --max-time 2 "$BASE/actuator/health/readiness" > /dev/null; then
      # The embedded PostgreSQL runs in its own session and can outlive the JVM: remember its PID.
      local pg_port
      pg_port=$(grep -o 'postgresql://[^/]*:[0-9]*' "$OUT/app-$store.log" | head -1 | grep -o '[0-9]*$')
      [ -n "$pg_port" ] && PG_PID=$(ss -ltnpH "sport = :$pg_port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
      echo "ready (Maven PID $APP_PID, embedded PostgreSQL PID ${PG_PID:-unknown})"
      return 0
    fi
    if ! kill -0 "$APP_PID" 2>/dev/null; then echo "the service did not start: $OUT/app-$store.log"; tail -30 "$OUT/app-$store.log"; exit 1; fi
    sleep 1
  done
  echo "not ready after 180 s: $OUT/app-$store.log"; stop_app; exit 1
}

stop_app() {
  [ -z "$APP_PID" ] && return 0
  log "Stopping the service (SIGTERM to Maven $APP_PID)"
  kill -TERM "$APP_PID" 2>/dev/null
  for _ in $(seq 1 60); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 1; done
  kill -0 "$APP_PID" 2>/dev/null && { echo "still running, SIGKILL"; kill -KILL "$APP_PID" 2>/dev/null; }
  local app_jvm
  app_jvm=$(app_jvm_pid)
  [ -n "$app_jvm" ] && { echo "the service JVM $app_jvm still holds :$PORT, SIGTERM"; kill -TERM "$app_jvm"; sleep 10; kill -KILL "$app_jvm" 2>/dev/null; }
  if [ -n "$PG_PID" ] && kill -0 "$PG_PID" 2>/dev/null; then
    echo "embedded PostgreSQL $PG_PID survived, stopping it"; kill -INT "$PG_PID"
    for _ in $(seq 1 20); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 1; done
    kill -0 "$PG_PID" 2>/dev/null && kill -QUIT "$PG_PID"
  fi
  for _ in $(seq 1 30); do port_busy "$PORT" || break; sleep 1; done
  APP_PID=""; PG_PID=""
}

settle() {
  local pid before after
  pid=$(app_jvm_pid); [ -z "$pid" ] && return 0
  before=$(jstat -compiler "$pid" 2>/dev/null | awk 'NR == 2 {print $1}')
  for i in $(seq 1 36); do
    sleep 5
    after=$(jstat -compiler "$pid" 2>/dev/null | awk 'NR == 2 {print $1}')
    [ -z "$after" ] && return 0
    if [ $(( after - before )) -lt 30 ]; then echo "JIT settled after $(( i * 5 )) s ($after methods compiled)"; return 0; fi
    before=$after
  done
  echo "JIT still compiling after 180 s ($after methods compiled); measuring anyway"
}

app_jvm_pid() { ss -ltnpH "sport = :$PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }
