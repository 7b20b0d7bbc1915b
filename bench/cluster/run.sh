#!/usr/bin/env bash
# bench/cluster/run.sh - tracker cluster figures on THIS machine (127.0.0.1 only):
#   write throughput, p50/p99 latency for 1 and 3 tracker processes under 16 closed-loop clients
#   (each write a POST /groups = one Raft command), failover time from SIGKILL of the leader to the
#   next acknowledged write (median of 3), and, in the same run, a 3-member etcd (Debian etcd-server)
#   with the same client shape through ../shared/bench/control.sh, so our rate prints as a ratio of etcd's.
#   Each cluster size is measured twice: cold (5 s after start, JVMs still compiling) and warm (after WARM seconds
#   more of unmeasured load: the steady state of a tracker that has been running a while). etcd needs no warm-up.
# Usage:  bench/cluster/run.sh            (about 15-20 min; needs the exec jars: bin/mvn -q -B install -DskipTests)
# Env:    SECS=20 WARM=180 THREADS=16 REPS=3 (failovers)  ETCD=1 (0 skips etcd)  WORK=/tmp/swarmshare-cluster-bench
#         TRACKER_JAR=path (default tracker-service/target/*-exec.jar; it is copied before use)
#         TRACKER_JVM_OPTS="..." (added to the trackers' JVM options, e.g. to compare JIT settings)
# Every process is started by ClusterBench (LocalCluster) or control.sh and stopped by them; every wait is bounded.
set -u
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
shared=${SHARED:-$root/../shared}
SECS=${SECS:-20}; WARM=${WARM:-180}; THREADS=${THREADS:-16}; REPS=${REPS:-3}; ETCD=${ETCD:-1}
work=${WORK:-${TMPDIR:-/tmp}/swarmshare-cluster-bench}
mkdir -p "$work/logs"
. "$root/bin/java-env"

echo "# bench/cluster $(date -u +%FT%TZ) $(nproc) CPUs, loadavg $(cut -d' ' -f1-3 /proc/loadavg); SECS=$SECS WARM=$WARM THREADS=$THREADS REPS=$REPS"
cp="$work/classpath.txt"
( cd "$root" && timeout 600 bin/mvn -q -B -pl system-tests test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp" -Dmdep.includeScope=test ) >"$work/logs/mvn.log" 2>&1 \
  || { echo "build of the bench classes failed (see $work/logs/mvn.log)" >&2; exit 1; }

timeout $((SECS * 6 + WARM * 2 + REPS * 240 + 600)) "$JAVA_HOME/bin/java" -Xmx512m \
  -Dswarmshare.root="$root" -Dswarmshare.it-logs="$work/logs" -Dswarmshare.cluster.tracker-jar="${TRACKER_JAR:-}" -Dbench.warm-secs="$WARM" \
  -Dswarmshare.service-jvm-options="${TRACKER_JVM_OPTS:-}" \
  -cp "$root/system-tests/target/test-classes:$(cat "$cp")" \
  io.swarmshare.systemtest.cluster.ClusterBench "$SECS" "$THREADS" "$REPS" | tee "$work/ours.txt"
ours_status=${PIPESTATUS[0]} # a failed run still gets etcd and the table, then says so and fails

etcd_line=""
if [[ "$ETCD" == 1 ]]; then
  if [[ -f "$shared/bench/control.sh" ]]; then
    REPS=1 DUR="$SECS" WORK="$work/etcd" timeout 1500 bash "$shared/bench/control.sh" etcd failover | tee "$work/etcd.txt"
    etcd_line=$(grep '3-member | put via v3 HTTP gateway, 16 client' "$work/etcd.txt" | tail -1)
  else
    echo "no $shared/bench/control.sh: etcd skipped" >&2
  fi
fi

# ---- table
val() { sed -n "s/.*$2=\([0-9.-]*\).*/\1/p" <<<"$1"; }
one=$(grep 'name=writes trackers=1 ' "$work/ours.txt" | tail -1)
three=$(grep 'name=writes trackers=3 ' "$work/ours.txt" | tail -1)
one_cold=$(grep 'name=writes_cold trackers=1 ' "$work/ours.txt" | tail -1)
three_cold=$(grep 'name=writes_cold trackers=3 ' "$work/ours.txt" | tail -1)
fo=$(grep 'name=failover trackers=3' "$work/ours.txt" | tail -1)
# tracker CPU in the measured window (/proc, all threads: JIT compiler and GC included), per acknowledged write
cpu() { local l; l=$(grep "name=$1_cpu trackers=$2 " "$work/ours.txt" | tail -1); [[ -n "$l" ]] && echo "$(val "$l" cpu_ms_per_write) ms (JIT $(val "$l" jit_pct) %)"; }
etcd_ops=$(sed -n 's/.*| ops\/s \([0-9.]*\).*/\1/p' <<<"$etcd_line")
etcd_p50=$(sed -n 's/.*| p50 ms \([0-9.]*\).*/\1/p' <<<"$etcd_line")
etcd_p99=$(sed -n 's/.*| p99 ms \([0-9.]*\).*/\1/p' <<<"$etcd_line")
etcd_fo=$(grep 'SIGKILL leader' "$work/etcd.txt" 2>/dev/null | sed -n 's/.*kill->next success ms \([0-9.]*\).*/\1/p' | tail -1)
echo
echo "| system | writes/s | p50 ms | p99 ms | failover ms (kill -> next ack) | tracker CPU per write |"
echo "|---|---|---|---|---|---|"
echo "| swarmshare, 1 tracker, cold | $(val "$one_cold" writes_per_s) | $(val "$one_cold" p50_ms) | $(val "$one_cold" p99_ms) | | $(cpu writes_cold 1) |"
echo "| swarmshare, 1 tracker, warm (${WARM} s of load first) | $(val "$one" writes_per_s) | $(val "$one" p50_ms) | $(val "$one" p99_ms) | | $(cpu writes 1) |"
echo "| swarmshare, 3 trackers, cold | $(val "$three_cold" writes_per_s) | $(val "$three_cold" p50_ms) | $(val "$three_cold" p99_ms) | | $(cpu writes_cold 3) |"
echo "| swarmshare, 3 trackers, warm (${WARM} s of load first) | $(val "$three" writes_per_s) | $(val "$three" p50_ms) | $(val "$three" p99_ms) | $(val "$fo" kill_to_next_ack_ms_median) (all $(sed -n 's/.*all_ms=\(\S*\).*/\1/p' <<<"$fo")) | $(cpu writes 3) |"
[[ -n "$etcd_ops" ]] && echo "| etcd 3 members (same run) | $etcd_ops | $etcd_p50 | $etcd_p99 | ${etcd_fo:-} | |"
if [[ -n "$etcd_ops" && -n "$(val "$three" writes_per_s)" ]]; then
  awk -v a="$(val "$three" writes_per_s)" -v b="$etcd_ops" 'BEGIN{printf "\n3 trackers (warm) write rate = %.2f x etcd 3-member (targets: >= 2000 writes/s, p99 <= 50 ms, failover <= 2000 ms)\n", a/b}'
fi
if [[ "$ours_status" != 0 ]]; then
  echo "ClusterBench FAILED (exit $ours_status): the figures above are partial; logs in $work/logs" >&2
  exit "$ours_status"
fi
