#!/usr/bin/env bash
# Gateway figures (issue 4), all on 127.0.0.1, bounded in time:
#  1. throughput and p99 of GET /api/v1/tickets/public-key directly on a tracker and through a gateway, same run,
#     same load (wrk -t2 -c16, BENCH_SECONDS each; falls back to a curl loop without wrk), and the ratio
#     gateway/direct (target >= 0.7);
#  2. the longest pause a user sees while the Raft leader and then a gateway are SIGKILLed: a client asks every
#     50 ms the way the CLI does (gateway 1, then gateway 2), the longest gap between two answers is printed
#     (target <= 2 s). Needs the replicated tracker (issue 3); without it only the gateway kill is measured.
#
#   bench/gateway/run.sh            (builds the exec jars if missing; bin/ci-deps installs wrk)
# Env: BENCH_SECONDS (15), BENCH_CONNECTIONS (16), BENCH_START_TIMEOUT (900 s), SWARMSHARE_JAVA_OPTS.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. "$root/bin/java-env"
SECONDS_EACH="${BENCH_SECONDS:-15}"
CONNS="${BENCH_CONNECTIONS:-16}"
VERSION=0.1.0-SNAPSHOT
work=$(mktemp -d /tmp/swarmshare-bench-gw.XXXXXX)
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  sleep 2
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

jar_of() { echo "$root/$1/target/$1-$VERSION-exec.jar"; }
for m in tracker-service gateway-service; do
  [ -f "$(jar_of "$m")" ] || "$root/bin/mvn" -q -B -pl "$m" -am install -DskipTests
done
read -r -a JOPTS <<<"${SWARMSHARE_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}"
if [ "$(_ss_java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
  JOPTS+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
declare -A PID_OF
start() { # NAME MODULE ARGS...
  local name=$1 module=$2; shift 2
  "$JAVA_HOME/bin/java" "${JOPTS[@]}" -jar "$(jar_of "$module")" "$@" >"$work/$name.log" 2>&1 </dev/null &
  pids+=($!)
  PID_OF[$name]=$!
}
wait_ok() { # URL [seconds]
  local deadline=$((SECONDS + ${2:-${BENCH_START_TIMEOUT:-900}}))
  until [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" || true)" = 200 ]; do
    [ $SECONDS -lt $deadline ] || { echo "bench: $1 did not answer; logs in $work" >&2; tail -n 20 "$work"/*.log >&2; exit 1; }
    sleep 1
  done
}
now_ms() { date +%s%3N; }

secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
gw1=$(free_port); gw2=$(free_port)
ids=(t1 t2 t3); declare -A HTTP RAFT
members=""
for id in "${ids[@]}"; do
  HTTP[$id]=$(free_port); RAFT[$id]=$(free_port)
  members+="${members:+,}$id=127.0.0.1:${RAFT[$id]}:${HTTP[$id]}"
done
echo "bench: starting 3 trackers and 2 gateways (JVMs take a while on busy cores)"
for id in "${ids[@]}"; do
  start "$id" tracker-service --server.port="${HTTP[$id]}" --swarmshare.tracker.data-dir="$work/$id" \
    --swarmshare.tracker.cluster.self-id="$id" --swarmshare.tracker.cluster.raft-port="${RAFT[$id]}" \
    --swarmshare.tracker.cluster.members="$members" --swarmshare.tracker.cluster.secret="$secret" \
    --swarmshare.tracker.gateways="http://127.0.0.1:$gw1,http://127.0.0.1:$gw2"
done
trackers=$(for id in "${ids[@]}"; do printf 'http://127.0.0.1:%s,' "${HTTP[$id]}"; done); trackers=${trackers%,}
start gw1 gateway-service --server.port="$gw1" --swarmshare.gateway.trackers="$trackers" --swarmshare.gateway.secret="$secret"
start gw2 gateway-service --server.port="$gw2" --swarmshare.gateway.trackers="$trackers" --swarmshare.gateway.secret="$secret"
for id in "${ids[@]}"; do wait_ok "http://127.0.0.1:${HTTP[$id]}/actuator/health"; done
wait_ok "http://127.0.0.1:$gw1/actuator/health"; wait_ok "http://127.0.0.1:$gw2/actuator/health"
path=/api/v1/tickets/public-key
wait_ok "http://127.0.0.1:$gw1$path" 120

# ---- 1. gateway vs direct ----
load() { # URL -> "rps p99ms"
  if command -v wrk >/dev/null 2>&1; then
    local out rps p99
    out=$(wrk -t2 -c"$CONNS" -d"${SECONDS_EACH}s" --latency "$1")
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}' <<<"$out")
    echo "$rps $p99"
  else # one curl per request: a much weaker load, still the same for both
    local n=0 end=$((SECONDS + SECONDS_EACH)) t0 t lat=()
    t0=$(now_ms)
    while [ $SECONDS -lt $end ]; do
      t=$(curl -s -o /dev/null -m 5 -w '%{time_total}' "$1"); lat+=("$t"); n=$((n + 1))
    done
    printf '%s %s\n' "$(awk -v n=$n -v ms=$(( $(now_ms) - t0 )) 'BEGIN {printf "%.1f", n*1000/ms}')" \
      "$(printf '%s\n' "${lat[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int(NR*0.99)]*1000}')"
  fi
}
load "http://127.0.0.1:${HTTP[t1]}$path" >/dev/null # warm-up of both paths
load "http://127.0.0.1:$gw1$path" >/dev/null
read -r d_rps d_p99 < <(load "http://127.0.0.1:${HTTP[t1]}$path")
read -r g_rps g_p99 < <(load "http://127.0.0.1:$gw1$path")
ratio=$(awk -v g="$g_rps" -v d="$d_rps" 'BEGIN {printf "%.2f", g/d}')

# ---- 2. pauses during kills ----
leader=""
if body=$(curl -sf -m 3 "http://127.0.0.1:${HTTP[t1]}/api/v1/cluster"); then
  leader=$(sed -n 's/.*"leaderId":"\([^"]*\)".*/\1/p' <<<"$body")
fi
probe() { # SECONDS -> longest gap between answers in ms, asking every 50 ms, gw1 then gw2 like the CLI
  local end=$(( $(now_ms) + $1 * 1000 )) last now gap=0 code g
  last=$(now_ms)
  while [ "$(now_ms)" -lt $end ]; do
    for g in "$gw1" "$gw2"; do
      code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$g$path" || true)
      if [ "${code:0:1}" = 2 ]; then
        now=$(now_ms); [ $((now - last)) -gt $gap ] && gap=$((now - last)); last=$now; break
      fi
    done
    sleep 0.05
  done
  echo $gap
}
tracker_pause="n/a (no Raft leader: tracker cluster not available)"
if [ -n "$leader" ] && [ -n "${PID_OF[$leader]:-}" ]; then
  probe 12 >"$work/p1" & pp=$!
  sleep 3; kill -KILL "${PID_OF[$leader]}"
  wait $pp; tracker_pause="$(cat "$work/p1") ms (SIGKILL of leader $leader)"
fi
probe 12 >"$work/p2" & pp=$!
sleep 3; kill -KILL "${PID_OF[gw1]}"
wait $pp; gateway_pause="$(cat "$work/p2") ms (SIGKILL of gateway 1; the client moves to gateway 2)"

cat <<EOF2
==== bench/gateway ($(date -Is), $(nproc) cores, load: ${CONNS} connections x ${SECONDS_EACH}s, GET $path)
direct to tracker : ${d_rps} req/s, p99 ${d_p99} ms
through gateway   : ${g_rps} req/s, p99 ${g_p99} ms
ratio             : ${ratio}x direct (target >= 0.70)
longest user-visible pause, tracker kill : ${tracker_pause} (target <= 2000 ms)
longest user-visible pause, gateway kill : ${gateway_pause} (target <= 2000 ms)
EOF2
