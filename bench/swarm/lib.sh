#!/usr/bin/env bash
# Shared helpers of the swarm benchmarks: a private Swarmshare system (tracker, gateway, agents) under
# $SS_RUN_DIR on ports that do not clash with bin/demo, driven through the real CLI (bin/swarmshare).
# Sourced by run.sh and by CUSTOM_CMDs; every function is safe to call from a fresh shell.

: "${SS_ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${SS_RUN_DIR:=${TMPDIR:-/tmp}/swarmshare-bench/run}"
: "${SS_TRACKER_PORT:=18791}"
: "${SS_GATEWAY_PORT:=18790}"
# agents: bounded heap and direct memory so the RSS stays under 256 MiB during a 4 GiB download
: "${SS_AGENT_JAVA_OPTS:=-Xmx56m -XX:MaxDirectMemorySize=64m -XX:+UseSerialGC}"
# extra JVM options for the CLI (bin/swarmshare already runs it C1-only with the serial GC and a CDS archive)
: "${SS_CLI_JAVA_OPTS:=}"
export SS_ROOT SS_RUN_DIR SS_TRACKER_PORT SS_GATEWAY_PORT SS_AGENT_JAVA_OPTS SS_CLI_JAVA_OPTS
SS_GATEWAY="http://127.0.0.1:$SS_GATEWAY_PORT"
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] || . "$SS_ROOT/bin/java-env"
SS_GROUP_PREFIX=bench

# The system is started here rather than with bin/local so that each agent can get its own options (the
# throttled seeder) and so that jars rebuilt meanwhile by others cannot change a running benchmark: the exec jars
# are copied to $SS_RUN_DIR/jars once (SS_REFRESH_JARS=1 copies them again). Same layout as bin/local:
# <name>.pid, <name>.log, tracker/, agent-N/.
SS_VERSION=0.1.0-SNAPSHOT
ss_jar() { echo "$SS_RUN_DIR/jars/$1.jar"; }
ss_snapshot_jars() {
  local m
  mkdir -p "$SS_RUN_DIR/jars"
  for m in tracker-service gateway-service peer-agent peer-cli; do
    if [ ! -f "$(ss_jar "$m")" ] || [ "${SS_REFRESH_JARS:-0}" = 1 ]; then
      cp "$SS_ROOT/$m/target/$m-$SS_VERSION-exec.jar" "$(ss_jar "$m")" || return 1
    fi
  done
}
ss_alive() { local p; p=$(cat "$SS_RUN_DIR/$1.pid" 2>/dev/null) && [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }
ss_launch() { # NAME MODULE JAVA_OPTS ARGS...
  local name=$1 module=$2 opts=$3; shift 3
  local extra=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
  # shellcheck disable=SC2086
  nohup "$JAVA_HOME/bin/java" $opts "${extra[@]}" -jar "$(ss_jar "$module")" "$@" </dev/null >>"$SS_RUN_DIR/$name.log" 2>&1 &
  echo $! >"$SS_RUN_DIR/$name.pid"
}
ss_wait() { # NAME CHECK-COMMAND...
  local name=$1 deadline=$((SECONDS + ${SS_START_TIMEOUT:-400})); shift
  until "$@" >/dev/null 2>&1; do
    ss_alive "$name" || { echo "bench/swarm: $name exited; see $SS_RUN_DIR/$name.log" >&2; return 1; }
    [ $SECONDS -lt $deadline ] || { echo "bench/swarm: $name not ready in time" >&2; return 1; }
    sleep 1
  done
}
ss_http_ok() { [ "$(curl -s -o /dev/null -m 3 -w '%{http_code}' "$1")" = 200 ]; }
# ss_start N: tracker, gateway and agents 1..N (those not running yet). Per-agent Spring options: SS_AGENT_ARGS_<n>.
ss_start() {
  local count=$1 n started=()
  mkdir -p "$SS_RUN_DIR"
  . "$SS_ROOT/bin/java-env"
  ss_snapshot_jars || return 1
  if ! ss_alive tracker; then
    mkdir -p "$SS_RUN_DIR/tracker"
    ss_launch tracker tracker-service "-Xmx256m -XX:+UseSerialGC" --server.port="$SS_TRACKER_PORT" \
      --swarmshare.tracker.data-dir="$SS_RUN_DIR/tracker"
  fi
  if ! ss_alive gateway; then
    ss_launch gateway gateway-service "-Xmx256m -XX:+UseSerialGC" --server.port="$SS_GATEWAY_PORT" \
      --swarmshare.gateway.trackers="http://127.0.0.1:$SS_TRACKER_PORT"
  fi
  ss_wait tracker ss_http_ok "http://127.0.0.1:$SS_TRACKER_PORT/actuator/health" || return 1
  ss_wait gateway ss_http_ok "$SS_GATEWAY/actuator/health" || return 1
  for n in $(seq 1 "$count"); do
    ss_alive "agent-$n" && continue
    mkdir -p "$SS_RUN_DIR/agent-$n"; rm -f "$SS_RUN_DIR/agent-$n/control.port"
    local var="SS_AGENT_ARGS_$n"
    # shellcheck disable=SC2086
    ss_launch "agent-$n" peer-agent "$SS_AGENT_JAVA_OPTS" --swarmshare.agent.data-dir="$SS_RUN_DIR/agent-$n" \
      --swarmshare.agent.gateways="$SS_GATEWAY" ${!var:-}
    started+=("$n")
  done
  for n in "${started[@]}"; do ss_wait "agent-$n" test -s "$SS_RUN_DIR/agent-$n/control.port" || return 1; done
}
# ss_stop: TERM every process of the bench system (by its pid file), KILL after 15 s
ss_stop() {
  local f p pids=()
  for f in "$SS_RUN_DIR"/agent-*.pid "$SS_RUN_DIR"/gateway.pid "$SS_RUN_DIR"/tracker.pid; do
    [ -f "$f" ] || continue
    p=$(cat "$f"); if kill -0 "$p" 2>/dev/null; then kill -CONT "$p" 2>/dev/null; kill -TERM "$p"; pids+=("$p"); fi
    rm -f "$f"
  done
  local deadline=$((SECONDS + 15))
  for p in "${pids[@]}"; do
    while kill -0 "$p" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.3; done
    kill -0 "$p" 2>/dev/null && kill -KILL "$p"
  done
  return 0
}

# ss_cli N command args...: the real CLI as user uN on agent-N, through bin/swarmshare (C1 only, serial GC, its class
# data sharing archive) on the snapshot of the CLI jar
ss_cli() {
  local n=$1; shift
  # the CLI's own poll pace unless SS_POLL says otherwise (a watcher hears of the end at once either way)
  env ${SS_POLL:+SWARMSHARE_POLL_INTERVAL="$SS_POLL"} SWARMSHARE_CLI_JAR="$(ss_jar peer-cli)" SWARMSHARE_JAVA_OPTS="$SS_CLI_JAVA_OPTS" \
    ${SS_CLI_TIMEOUT:+timeout "$SS_CLI_TIMEOUT"} "$SS_ROOT/bin/swarmshare" --gateway "$SS_GATEWAY" --agent-dir "$SS_RUN_DIR/agent-$n" --home "$SS_RUN_DIR/cli-u$n" "$@"
}

ss_cli_idem() { # like ss_cli, but "already exists" refusals are fine
  local out rc=0
  out=$(ss_cli "$@" 2>&1) || rc=$?
  if [ $rc -ne 0 ] && ! grep -qiE 'already|exists|no pending request' <<<"$out"; then echo "$out" >&2; return $rc; fi
  return 0
}

ss_pid() { cat "$SS_RUN_DIR/agent-$1.pid"; }

# ss_control N METHOD PATH: the agent's control API with curl (only for bench bookkeeping, never the timed path)
ss_control() {
  local d=$SS_RUN_DIR/agent-$1
  curl -s -X "$2" -H "X-Swarmshare-Control: $(cat "$d/control.token")" "http://127.0.0.1:$(cat "$d/control.port")$3"
}

# ss_users N...: account uN for each agent N, logged in there
ss_users() {
  local n
  for n in "$@"; do
    ss_cli_idem "$n" create_user "u$n" "bench-pw-$n"
    ss_cli "$n" login "u$n" "bench-pw-$n" >/dev/null
  done
}

# ss_group NAME OWNER MEMBERS...: the group with every member accepted
ss_group() {
  local g=$1 owner=$2 n; shift 2
  ss_cli_idem "$owner" create_group "$g"
  for n in "$@"; do
    [ "$n" = "$owner" ] && continue
    ss_cli_idem "$n" join_group "$g"
    ss_cli_idem "$owner" accept_request "$g" "u$n"
  done
}

# ss_share N FILE GROUP: agent N shares FILE (hashes it once) in GROUP
ss_share() { ss_cli_idem "$1" upload_file "$2" "$3"; }

# ss_forget N GROUP NAME: the leecher forgets a previous copy so the next run downloads it again
ss_forget() {
  ss_control "$1" DELETE "/v1/shares/$2/$3" >/dev/null 2>&1 || true
}

# ss_download N GROUP NAME DEST_DIR: the timed part, through the real CLI (returns once the file is verified)
# bounded (SS_XFER_TIMEOUT_S, 300 s): a download that never finishes fails its run instead of hanging the bench
ss_download() { SS_CLI_TIMEOUT="${SS_XFER_TIMEOUT_S:-300}" ss_cli "$1" download_file "$2" "$3" "$4" >/dev/null; }

ss_vmhwm_kb() { awk '/VmHWM/{print $2}' "/proc/$1/status"; }
ss_cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12+$13}'; }

# Where the CPU goes during a timed download. ss_threads PID: "tid name user_ticks sys_ticks" per thread (the kernel's
# 15-character thread name, spaces as _). ss_thread_profile BEFORE AFTER: one line, the CPU seconds by thread group.
ss_threads() {
  local t s rest
  for t in /proc/"$1"/task/*; do
    s=$(cat "$t/stat" 2>/dev/null) || continue
    rest=${s##*) }; s=${s#*(}; s=${s%%)*}
    # shellcheck disable=SC2086
    set -- $rest
    echo "${t##*/} ${s// /_} ${12} ${13}"
  done
}
ss_thread_profile() {
  python3 - "$1" "$2" "$(getconf CLK_TCK)" <<'PY'
import collections, sys
def load(path):
    rows = {}
    for line in open(path):
        tid, name, user, sys_ = line.split()
        rows[tid] = (name, int(user), int(sys_))
    return rows
before, after, hz = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3])
# the agent's threads by what they do (Netty's event loops are "multiThreadIoEventLoopGroup-N-M", cut to 15 chars)
groups = [("multiThreadIoEv", "event loops (receive, piece SHA-1, serving)"), ("file-digest", "whole-file SHA-1"),
          ("piece-write", "piece writes"), ("C1_CompilerThre", "JIT"), ("C2_CompilerThre", "JIT"),
          ("VM_Thread", "GC and VM"), ("GC_Thread", "GC and VM")]
cpu = collections.defaultdict(lambda: [0, 0])
for tid, (name, user, sys_) in after.items():
    u0, s0 = before[tid][1:] if tid in before else (0, 0)
    label = next((l for prefix, l in groups if name.startswith(prefix)), "other")
    cpu[label][0] += user - u0
    cpu[label][1] += sys_ - s0
total = sum(u + s for u, s in cpu.values())
parts = ["%s %.2f (sys %.2f)" % (l, (u + s) / hz, s / hz) for l, (u, s) in sorted(cpu.items(), key=lambda kv: -sum(kv[1]))
         if u + s > 0]
print("%.2f CPU-s: %s" % (total / hz, ", ".join(parts)))
PY
}
# ss_proc_ticks: "name ticks" for every process of the bench system, and "cli ticks" for the CLI JVMs this shell has
# waited for (their CPU is in its children's times, fields 16 and 17 of its stat)
ss_proc_ticks() {
  local f p me=$BASHPID # this shell, not the $(...) below
  for f in "$SS_RUN_DIR"/*.pid; do
    p=$(cat "$f" 2>/dev/null) && [ -r "/proc/$p/stat" ] && echo "$(basename "$f" .pid) $(ss_cpu_ticks "$p")"
  done
  echo "cli $(sed 's/.*) //' "/proc/$me/stat" | awk '{print $14+$15}')"
}
# ss_proc_profile BEFORE AFTER GROUP=NAME... : CPU seconds per group of processes ("seeder=agent-1 leechers=agent-2,...");
# processes not named in a group are summed as "others"
ss_proc_profile() {
  python3 - "$(getconf CLK_TCK)" "$@" <<'PY'
import sys
hz, before, after = int(sys.argv[1]), sys.argv[2], sys.argv[3]
load = lambda p: {l.split()[0]: int(l.split()[1]) for l in open(p) if len(l.split()) == 2}
b, a = load(before), load(after)
delta = {k: v - b.get(k, 0) for k, v in a.items()}
out, named = [], set()
for spec in sys.argv[4:]:
    label, names = spec.split("=", 1)
    names = names.split(",")
    named.update(names)
    out.append("%s %.2f" % (label, sum(delta.get(n, 0) for n in names) / hz))
rest = sum(v for k, v in delta.items() if k not in named)
out.append("others %.2f" % (rest / hz))
print("%.2f CPU-s: %s" % (sum(delta.values()) / hz, ", ".join(out)))
PY
}
