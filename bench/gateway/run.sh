#!/usr/bin/env bash
# Gateway figures (issue 4), all on 127.0.0.1, bounded in time:
#  1. throughput and p99 directly on a tracker and through a gateway, same run, same load (wrk, BENCH_CONNECTIONS
#     connections, BENCH_SECONDS each; falls back to a curl loop without wrk), for two requests:
#     GET /api/v1/tickets/public-key (the cheapest answer a tracker has: it isolates the proxy hop) and list_groups,
#     GET /api/v1/groups with a session token (a real read: session check and a query). Two comparisons:
#     - the proxy hop, like with like: the Raft leader directly, against a gateway in front of that leader alone
#       (target >= 0.7). Two anchors in front of the same leader: nginx (keep-alive upstream: what one proxy hop
#       costs on this machine at all) and a bare Spring Cloud Gateway route in the same gateway jar (no balancer,
#       retry or breaker: the floor of the framework the design prescribes). The gateway's CPU per request is shown;
#     - the cluster as clients see it: the three trackers directly (connections split over them, one wrk each),
#       against the gateway in front of all three. A follower confirms each read with the leader (ReadIndex), so
#       this is slower per tracker than the leader alone.
#  2. the longest pause a user sees while the Raft leader and then a gateway are SIGKILLed: a client asks every
#     50 ms the way the CLI does (gateway 1, then gateway 2), the longest gap between two answers is printed
#     (target <= 2 s).
#
#   bench/gateway/run.sh            (builds the exec jars if missing; bin/ci-deps installs wrk)
# Env: BENCH_SECONDS (15), BENCH_CONNECTIONS (16), GATEWAY_WARMUP (120 s), BENCH_START_TIMEOUT (900 s),
#      SWARMSHARE_JAVA_OPTS.
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
load() { # URL [HEADER] -> "rps p99ms requests"
  if command -v wrk >/dev/null 2>&1; then
    local out rps p99 n hdr=()
    [ -n "${2:-}" ] && hdr=(-H "$2")
    out=$(wrk -t"${THREADS:-2}" -c"${LOAD_CONNS:-$CONNS}" -d"${SECONDS_EACH}s" --latency "${hdr[@]}" "$1")
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}' <<<"$out")
    n=$(awk '/requests in/ {print $1}' <<<"$out")
    echo "$rps $p99 $n"
  else # one curl per request: a much weaker load, still the same for both
    local n=0 end=$((SECONDS + SECONDS_EACH)) t0 t lat=()
    t0=$(now_ms)
    while [ $SECONDS -lt $end ]; do
      t=$(curl -s -o /dev/null -m 5 ${2:+-H "$2"} -w '%{time_total}' "$1"); lat+=("$t"); n=$((n + 1))
    done
    printf '%s %s %s\n' "$(awk -v n=$n -v ms=$(( $(now_ms) - t0 )) 'BEGIN {printf "%.1f", n*1000/ms}')" \
      "$(printf '%s\n' "${lat[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int(NR*0.99)]*1000}')" "$n"
  fi
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TCK=$(getconf CLK_TCK)
measure_gw() { # GATEWAY-NAME URL [HEADER] -> "rps p99ms cpu-us-per-request" (CPU of that gateway process)
  local pid=${PID_OF[$1]} c0 c1 rps p99 n
  c0=$(cpu_ticks "$pid")
  read -r rps p99 n < <(load "$2" "${3:-}")
  c1=$(cpu_ticks "$pid")
  echo "$rps $p99 $(awk -v c=$((c1 - c0)) -v t="$TCK" -v n="$n" 'BEGIN {printf "%.0f", c*1e6/t/(n>0?n:1)}')"
}
spread() { # PATH [HEADER] -> "rps p99ms": the connections split over the three trackers, one load generator each
  local id i=0 per=$((CONNS / 3)) rest=$((CONNS - 2 * (CONNS / 3))) jobs=()
  for id in "${ids[@]}"; do
    i=$((i + 1))
    LOAD_CONNS=$([ $i = 3 ] && echo $rest || echo $per) THREADS=1 load "http://127.0.0.1:${HTTP[$id]}$1" "${2:-}" \
      >"$work/spread.$id" &
    jobs+=($!)
  done
  wait "${jobs[@]}"
  cat "$work"/spread.t? | awk '{r += $1; if ($2 > p) p = $2} END {printf "%.2f %s\n", r, p}'
}
ratio() { awk -v g="$1" -v d="$2" 'BEGIN {if (g+0 > 0 && d+0 > 0) printf "%.2f", g/d; else print "n/a"}'; }

leader=""
for _ in $(seq 30); do
  if body=$(curl -sf -m 3 "http://127.0.0.1:${HTTP[t1]}/api/v1/cluster"); then
    leader=$(sed -n 's/.*"leaderId":"\([^"]*\)".*/\1/p' <<<"$body")
  fi
  [ -n "$leader" ] && break
  sleep 1
done
[ -n "$leader" ] || { echo "bench: no Raft leader; logs in $work" >&2; exit 1; }
lead="http://127.0.0.1:${HTTP[$leader]}"

# A third gateway in front of the leader alone: its balanced route (the one every client uses) and a bare route
# (/bare/** straight to the leader, plain Spring Cloud Gateway: no balancer, retry, breaker or load accounting).
gw3=$(free_port)
start gw3 gateway-service --server.port="$gw3" --swarmshare.gateway.trackers="$lead" \
  "--spring.cloud.gateway.server.webflux.routes[0].id=bare" "--spring.cloud.gateway.server.webflux.routes[0].uri=$lead" \
  "--spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/bare/**" \
  "--spring.cloud.gateway.server.webflux.routes[0].filters[0]=StripPrefix=1" \
  "--spring.cloud.gateway.server.webflux.routes[0].order=-10"
wait_ok "http://127.0.0.1:$gw3$path" 300
wait_ok "http://127.0.0.1:$gw3/bare$path" 60

# nginx in front of the leader, the anchor for what a proxy hop costs here (same machine, same load).
nginx_rps="n/a (no nginx)"; nginx_p99=""
if command -v nginx >/dev/null 2>&1; then
  ngx=$(free_port); mkdir -p "$work/nginx/logs"
  cat >"$work/nginx/nginx.conf" <<EOF_NGX
worker_processes auto; daemon off; pid $work/nginx/nginx.pid; error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  upstream tracker { server 127.0.0.1:${HTTP[$leader]}; keepalive 32; }
  server {
    listen 127.0.0.1:$ngx;
    location / { proxy_pass http://tracker; proxy_http_version 1.1; proxy_set_header Connection "";
                 proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; }
  }
}
EOF_NGX
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" >"$work/nginx.log" 2>&1 &
  pids+=($!)
  wait_ok "http://127.0.0.1:$ngx$path" 30
fi

# A session for the realistic read: a user in one group, as list_groups sees it.
user="bench$RANDOM"
curl -sf -m 10 -H 'Content-Type: application/json' -d "{\"username\":\"$user\",\"password\":\"bench password 1\"}" \
  "http://127.0.0.1:$gw1/api/v1/users" >/dev/null
token=$(curl -sf -m 10 -H 'Content-Type: application/json' -d "{\"username\":\"$user\",\"password\":\"bench password 1\"}" \
  "http://127.0.0.1:$gw1/api/v1/sessions" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "bench: could not log in through the gateway; logs in $work" >&2; exit 1; }
curl -sf -m 10 -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "{\"name\":\"g$user\"}" \
  "http://127.0.0.1:$gw1/api/v1/groups" >/dev/null
auth="Authorization: Bearer $token"
list=/api/v1/groups

# Warm-up of every path and both requests. A gateway's JIT needs one to two minutes of load before its figures
# settle (measured with 3 trackers behind it: 690 req/s and 1.19 ms CPU per request after 50 s of load, 2,440 and
# 0.27 ms after 100 s), so each gateway gets GATEWAY_WARMUP seconds (default 120) of its own first.
for u in "$lead" "http://127.0.0.1:$gw1" "http://127.0.0.1:$gw3" "http://127.0.0.1:$gw3/bare"; do
  load "$u$path" >/dev/null; load "$u$list" "$auth" >/dev/null
done
SECONDS_EACH_SAVED=$SECONDS_EACH; SECONDS_EACH=$(( (${GATEWAY_WARMUP:-120} + 3) / 4 ))
for u in "http://127.0.0.1:$gw1" "http://127.0.0.1:$gw3"; do
  load "$u$path" >/dev/null; load "$u$list" "$auth" >/dev/null
  load "$u$path" >/dev/null; load "$u$list" "$auth" >/dev/null
done
SECONDS_EACH=$SECONDS_EACH_SAVED

declare -A R # NAME -> "rps p99 [cpu]"
for req in cheap list; do
  if [ $req = cheap ]; then p=$path; h=""; else p=$list; h=$auth; fi
  R[$req.direct]=$(load "$lead$p" "$h" | cut -d' ' -f1,2)
  R[$req.gateway]=$(measure_gw gw3 "http://127.0.0.1:$gw3$p" "$h")
  R[$req.bare]=$(measure_gw gw3 "http://127.0.0.1:$gw3/bare$p" "$h")
  if [ -n "${ngx:-}" ]; then
    load "http://127.0.0.1:$ngx$p" "$h" >/dev/null
    R[$req.nginx]=$(load "http://127.0.0.1:$ngx$p" "$h" | cut -d' ' -f1,2)
  else
    R[$req.nginx]="n/a n/a"
  fi
  R[$req.spread]=$(spread "$p" "$h")
  R[$req.cluster]=$(measure_gw gw1 "http://127.0.0.1:$gw1$p" "$h")
done
row() { # LABEL NAME [BASE-NAME TARGET]
  local rps p99 cpu brps x=""
  read -r rps p99 cpu <<<"${R[$2]}"
  [ -n "${3:-}" ] && { read -r brps _ <<<"${R[$3]}"; x="   -> $(ratio "$rps" "$brps")x direct${4:+ ($4)}"; }
  printf '  %-38s: %s req/s, p99 %s ms%s%s\n' "$1" "$rps" "$p99" "$x" "${cpu:+, gateway CPU $cpu us/request}"
}
report_load() {
  local req p
  for req in cheap list; do
    if [ $req = cheap ]; then p="$path (cheapest tracker answer)"; else p="$list with a session (list_groups)"; fi
    echo "GET $p"
    echo " the proxy hop, in front of the leader ($leader) alone:"
    row "direct to the leader" $req.direct
    row "through the gateway" $req.gateway $req.direct "target >= 0.70"
    row "through a bare Spring Cloud GW route" $req.bare $req.direct "the framework's floor"
    row "through nginx" $req.nginx $req.direct "anchor: one C proxy hop"
    echo " the cluster, three trackers:"
    row "directly, connections split over 3" $req.spread
    row "through the gateway" $req.cluster $req.spread
  done
}

# ---- 2. pauses during kills ----
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

echo "==== bench/gateway ($(date -Is), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), ${CONNS} connections x ${SECONDS_EACH}s)"
report_load
cat <<EOF2
longest user-visible pause, tracker kill : ${tracker_pause} (target <= 2000 ms)
longest user-visible pause, gateway kill : ${gateway_pause} (target <= 2000 ms)
EOF2
