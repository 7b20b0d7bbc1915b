#!/usr/bin/env bash
# The swarm benchmarks, in ONE run of ../shared/bench/anchors.sh so every ratio compares figures taken together.
#
#   bench/swarm/run.sh                         # anchors + all five Swarmshare scenarios (~15-25 min)
#   SCENARIOS="http1 ss_setup ss_a ss_b ss_teardown" RUNS=1 bench/swarm/run.sh   # a subset while iterating
#
# Swarmshare scenarios (agents already running; timed from the real CLI's download_file to the verified file):
#   ss_a  1 GiB, 3 seeders -> 1            target <= 0.65 x http1 curl+sha1sum
#   ss_b  1 GiB, 1 seeder  -> 1            target <= 0.8  x curl+sha1sum
#   ss_c  flash crowd 1 seeder -> 8 x 256 MiB started together, until the last   target <= 0.8 x qBittorrent
#   ss_d  3 seeders: one throttled to 20 MB/s (upload-rate-limit), one SIGSTOPped half-way   <= 1.15 x ss_b
#   ss_e  4 GiB, 3 seeders -> 1: leecher peak RSS (VmHWM) and CPU s/GiB   RSS <= 256 MiB
# ss_setup starts tracker, gateway and 10 agents under $SS_RUN_DIR on ports 18790/18791 (lib.sh: ss_start), makes users
# and groups and shares the sources once per agent; ss_teardown stops them. The table goes to stdout and, with the
# date and the command, to bench/swarm/RESULTS.md (RESULTS_FILE=... to write elsewhere, RESULTS_FILE= for none).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib.sh"
ANCHORS="${ANCHORS:-$(cd "$SS_ROOT/.." && pwd)/shared/bench/anchors.sh}"
[ -f "$ANCHORS" ] || { echo "bench/swarm: no anchors script at $ANCHORS (set ANCHORS=...)" >&2; exit 2; }
: "${SCENARIOS:=http1 bt_n_to_1 bt_flash ss_setup ss_a ss_b ss_c ss_d ss_e ss_teardown}"
: "${TOTAL_LIMIT_S:=3000}"
: "${RESULTS_FILE=$here/RESULTS.md}"
: "${SS_KEEP:=0}"   # 1: leave the system running after ss_teardown (for poking at it)
export SCENARIOS TOTAL_LIMIT_S
COMMAND_LINE="SCENARIOS=\"$SCENARIOS\" RUNS=${RUNS:-3} WARMUP=${WARMUP:-1} BT_CLIENTS=\"${BT_CLIENTS:-aria2 qbittorrent}\" bench/swarm/run.sh"
BENCH_SOURCE_ONLY=1 . "$ANCHORS"
set +e

SS_AGENTS=10
SS_FETCHES=0
SS_RUN_TAG=$(date +%s)
SS_OUT="" SS_T="" SS_ID="" SS_CPU=0 SS_HWM=0 SS_PROFILE="" SS_PROCS=""
SS_SEEDERS="agent-1"  # the seeders of the download ss_fetch times, for its CPU-by-process line
SS_FLASH_LEECHERS=(2 3 4 6 7 8 9 10)
SS_TABLE=()      # scenario|ours_s|MB/s|steady MB/s|anchor name|anchor s|ratio|target
SS_NOTES=()
SS_REPORT_A=""
declare -A SS_MEDIAN=()

ss_log() { log "swarmshare: $*"; }

# ---------------------------------------------------------------- setup / teardown
scenario_ss_setup() {
  local big=$WORK/data/file4096m.bin n
  [ -f "$WORK/data/$FLASH" ] || make_file "$FLASH" "$FLASH_SIZE_MB"
  if [[ " $SCENARIOS " == *" ss_e "* ]]; then make_file file4096m.bin 4096; fi
  ss_log "starting tracker, gateway and $SS_AGENTS agents in $SS_RUN_DIR ($SS_AGENT_JAVA_OPTS)"
  mkdir -p "$SS_RUN_DIR"
  # agent-5: the throttled seeder of ss_d (global upload limit 20 MB/s)
  SS_AGENT_ARGS_5="--swarmshare.agent.upload-rate-limit=20MB" ss_start "$SS_AGENTS" || return 1
  # agents keep their shares across restarts: accounts, groups and shares are made once per run dir
  if [ ! -f "$SS_RUN_DIR/setup.done" ]; then
    ss_log "accounts, groups and shares (each agent hashes each source once)"
    ss_users $(seq 1 "$SS_AGENTS")
    ss_group bench-a 1 1 2 3 4
    ss_group bench-b 1 1 4
    ss_group bench-d 1 1 2 4 5
    ss_group bench-e 1 1 2 3 4
    ss_group bench-f 1 1 "${SS_FLASH_LEECHERS[@]}"
    for n in 1 2 3; do ss_share "$n" "$WORK/data/$MAIN" bench-a; done
    ss_share 1 "$WORK/data/$MAIN" bench-b
    for n in 1 2 5; do ss_share "$n" "$WORK/data/$MAIN" bench-d; done
    ss_share 1 "$WORK/data/$FLASH" bench-f
    touch "$SS_RUN_DIR/setup.done"
  else
    # the run dir is from an earlier run: its sessions may have expired meanwhile
    ss_log "logging the users of the earlier setup in again"
    for n in $(seq 1 "$SS_AGENTS"); do ss_cli "$n" login "u$n" "bench-pw-$n" >/dev/null || return 1; done
  fi
  if [[ " $SCENARIOS " == *" ss_e "* ]] && [ ! -f "$SS_RUN_DIR/setup-e.done" ]; then
    local jobs=()
    for n in 1 2 3; do ss_share "$n" "$big" bench-e & jobs+=($!); done
    wait "${jobs[@]}"
    touch "$SS_RUN_DIR/setup-e.done"
  fi
  ss_log "ready"
}

scenario_ss_teardown() {
  [ "$SS_KEEP" = 1 ] && { ss_log "SS_KEEP=1: leaving the system running (bench/swarm/lib.sh: ss_stop)"; return 0; }
  ss_stop
  rm -rf "$WORK/out/ss-"*
}

# ---------------------------------------------------------------- one timed download
# ss_fetch AGENT GROUP NAME TAG: forgets the previous copy (untimed), downloads through the CLI (timed), sets
# SS_T (seconds), SS_OUT (the file), SS_ID (the download id), SS_CPU (leecher CPU seconds), SS_HWM (leecher peak RSS kB),
# SS_PROFILE (the leecher's CPU by thread group) and SS_PROCS (the CPU of every process of the system, by role)
ss_fetch() {
  local n=$1 g=$2 name=$3 tag=$4 pid t0 t1 dest prof=$WORK/run/ss-profile
  pid=$(ss_pid "$n")
  ss_forget "$n" "$g" "$name"
  SS_FETCHES=$((SS_FETCHES + 1))
  rm -rf "$WORK/out/ss-$tag-$n-"*   # previous copies (their shares were stopped)
  # unique across invocations too: the download of this run is found by its destination
  dest=$WORK/out/ss-$tag-$n-$SS_RUN_TAG-$SS_FETCHES
  echo 5 >"/proc/$pid/clear_refs" 2>/dev/null # resets VmHWM: the peak of this download only
  ss_threads "$pid" >"$prof.threads0"; ss_proc_ticks >"$prof.procs0"
  t0=$(now)
  ss_download "$n" "$g" "$name" "$dest" || { ss_log "download_file failed on agent-$n"; return 1; }
  t1=$(now)
  ss_threads "$pid" >"$prof.threads1"; ss_proc_ticks >"$prof.procs1"
  SS_PROFILE=$(ss_thread_profile "$prof.threads0" "$prof.threads1")
  SS_PROCS=$(ss_proc_profile "$prof.procs0" "$prof.procs1" "leecher=agent-$n" "seeders=$SS_SEEDERS" cli=cli \
    tracker+gateway=tracker,gateway)
  SS_T=$(secs "$t0" "$t1"); SS_OUT=$dest/$name
  # the leecher's own line of the two process snapshots
  SS_CPU=$(awk -v a="agent-$n" -v hz="$(getconf CLK_TCK)" '$1 == a { if (FNR == NR) b = $2; else e = $2 }
    END { printf "%.2f", (e - b) / hz }' "$prof.procs0" "$prof.procs1")
  SS_HWM=$(ss_vmhwm_kb "$pid")
  # the id list is sorted by id: find the download of this destination instead
  SS_ID=$(ss_control "$n" GET /v1/downloads | python3 -c '
import json, sys
want = sys.argv[1]
ids = [d["id"] for d in json.load(sys.stdin) if d.get("destination", "").startswith(want)]
print(ids[-1] if ids else "")' "$dest")
}

ss_report_json() { ss_control "$1" GET "/v1/downloads/$2/report"; }
ss_steady_mbs() { python3 -c 'import json,sys; print("%.0f" % (json.load(sys.stdin).get("steadyRateBytesPerSec",0)/1e6))'; }
ss_engine_s() { python3 -c 'import json,sys; print("%.3f" % (json.load(sys.stdin).get("elapsedMillis",0)/1e3))'; }

# ss_record NAME BYTES TIMES...: the anchors' RESULT line for our figure, and the median kept for the table
ss_record() {
  local name=$1 bytes=$2; shift 2
  record "$name" "$bytes" "$bytes" "agents already running; CLI download_file -> verified" "$@"
  SS_MEDIAN[$name]=$(median "$@")
}

# ---------------------------------------------------------------- scenarios
ss_n_to_1() { # NAME GROUP FILE BYTES SHA
  local name=$1 g=$2 f=$3 bytes=$4 sha=$5 r ts=() steady=() engine=() cpu=() hwm=0 bad=0
  for r in $(seq 1 $((WARMUP + RUNS))); do
    budget_ok || break
    prep_run
    ss_fetch 4 "$g" "$f" "$name" || { bad=1; continue; }
    verify "$SS_OUT" "$sha" || bad=1
    if [ "$r" -gt "$WARMUP" ]; then
      ts+=("$SS_T"); cpu+=("$SS_CPU"); [ "$SS_HWM" -gt "$hwm" ] && hwm=$SS_HWM
      steady+=("$(ss_report_json 4 "$SS_ID" | ss_steady_mbs)")
      engine+=("$(ss_report_json 4 "$SS_ID" | ss_engine_s)")
      [ "$name" = ss-a-3to1 ] && SS_REPORT_A="$(ss_cli 4 show_downloads "$SS_ID" 2>&1)"
      SS_PROFILE_OF[$name]=$SS_PROFILE; SS_PROCS_OF[$name]=$SS_PROCS
    fi
    ss_log "$name run $r: ${SS_T}s cpu ${SS_CPU}s peakRSS $((SS_HWM / 1024))MiB"
  done
  [ $bad = 1 ] && SS_NOTES+=("$name: a run failed or did not verify")
  ss_record "$name" "$bytes" "${ts[@]}"
  SS_STEADY[$name]=$(median "${steady[@]:-0}")
  SS_ENGINE[$name]=$(median "${engine[@]:-0}")
  SS_CPU_MED[$name]=$(median "${cpu[@]:-0}")
  SS_HWM_MAX[$name]=$hwm
}
declare -A SS_STEADY=() SS_CPU_MED=() SS_HWM_MAX=() SS_ENGINE=() SS_PROFILE_OF=() SS_PROCS_OF=()

scenario_ss_a() { SS_SEEDERS=agent-1,agent-2,agent-3 ss_n_to_1 ss-a-3to1 bench-a "$MAIN" $((SIZE_MB * 1048576)) "$(sha_of "$MAIN")"; }
scenario_ss_b() { ss_n_to_1 ss-b-1to1 bench-b "$MAIN" $((SIZE_MB * 1048576)) "$(sha_of "$MAIN")"; }
scenario_ss_e() { SS_SEEDERS=agent-1,agent-2,agent-3 WARMUP=0 RUNS=${RUNS_E:-1} ss_n_to_1 ss-e-4GiB-3to1 bench-e file4096m.bin $((4096 * 1048576)) "$(sha_of file4096m.bin)"; }

# ss_d: seeders agent-1 (healthy), agent-5 (upload limit 20 MB/s), agent-2 (SIGSTOPped at 50 %, SIGCONT after)
scenario_ss_d() {
  local name=ss-d-degraded r ts=() steady=() engine=() bad=0 watcher stopped_pid
  stopped_pid=$(ss_pid 2)
  for r in $(seq 1 $((WARMUP + RUNS))); do
    budget_ok || break
    prep_run
    # Half-way watcher: SIGSTOPs agent-2 once agent-4 has half the file. One process polling in a loop: a curl and a
    # python3 started per poll (an earlier version) cost about 40 ms of CPU every 50 ms, most of a core taken from the
    # download being measured.
    python3 - "$(cat "$SS_RUN_DIR/agent-4/control.port")" "$(cat "$SS_RUN_DIR/agent-4/control.token")" \
        "$stopped_pid" "$WORK/run/ss-d.stopped" <<'PY' &
import json, os, signal, sys, time, urllib.request
port, token, pid, flag = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
ask = urllib.request.Request(f"http://127.0.0.1:{port}/v1/downloads", headers={"X-Swarmshare-Control": token})
deadline = time.monotonic() + 300
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(ask, timeout=2) as r:
            running = [d for d in json.load(r) if d["state"] == "RUNNING"]
    except (OSError, ValueError):
        running = []
    if any(d["bytesDone"] * 2 >= d["size"] for d in running):
        os.kill(pid, signal.SIGSTOP)
        with open(flag, "w") as f:
            f.write("stopped\n")
        sys.exit(0)
    time.sleep(0.025)
PY
    watcher=$!
    rm -f "$WORK/run/ss-d.stopped"
    SS_SEEDERS=agent-1,agent-2,agent-5 ss_fetch 4 bench-d "$MAIN" "$name" || bad=1
    kill "$watcher" 2>/dev/null; wait "$watcher" 2>/dev/null
    kill -CONT "$stopped_pid"
    [ -f "$WORK/run/ss-d.stopped" ] || SS_NOTES+=("$name run $r: finished before the half-way SIGSTOP")
    verify "$SS_OUT" "$(sha_of "$MAIN")" || bad=1
    if [ "$r" -gt "$WARMUP" ]; then
      ts+=("$SS_T"); steady+=("$(ss_report_json 4 "$SS_ID" | ss_steady_mbs)")
      engine+=("$(ss_report_json 4 "$SS_ID" | ss_engine_s)")
      SS_REPORT_D="$(ss_cli 4 show_downloads "$SS_ID" 2>&1)"
      SS_PROFILE_OF[$name]=$SS_PROFILE; SS_PROCS_OF[$name]=$SS_PROCS
    fi
    ss_log "$name run $r: ${SS_T}s"
    sleep 1 # let agent-2 answer its heartbeats again before the next run
  done
  [ $bad = 1 ] && SS_NOTES+=("$name: a run failed or did not verify")
  ss_record "$name" $((SIZE_MB * 1048576)) "${ts[@]}"
  SS_STEADY[$name]=$(median "${steady[@]:-0}")
  SS_ENGINE[$name]=$(median "${engine[@]:-0}")
}
SS_REPORT_D=""

# ss_c: 1 seeder (agent-1) -> 8 leechers started together, until the last verified file
scenario_ss_c() {
  local name=ss-c-flash-1to8 r ts=() bad=0 n pids t0 t1 sha bytes prof=$WORK/run/ss-profile leechers
  leechers=$(printf 'agent-%s,' "${SS_FLASH_LEECHERS[@]}"); leechers=${leechers%,}
  sha=$(sha_of "$FLASH"); bytes=$(stat -c %s "$WORK/data/$FLASH")
  for r in $(seq 1 $((WARMUP + RUNS))); do
    budget_ok || break
    for n in "${SS_FLASH_LEECHERS[@]}"; do ss_forget "$n" bench-f "$FLASH"; rm -rf "$WORK/out/ss-flash-$n"; done
    prep_run; pids=()
    ss_proc_ticks >"$prof.procs0"
    t0=$(now)
    for n in "${SS_FLASH_LEECHERS[@]}"; do
      ss_download "$n" bench-f "$FLASH" "$WORK/out/ss-flash-$n" & pids+=($!)
    done
    for n in "${pids[@]}"; do wait "$n" || bad=1; done
    t1=$(now)
    ss_proc_ticks >"$prof.procs1"
    [ "$r" -gt "$WARMUP" ] && SS_PROCS_OF[$name]=$(ss_proc_profile "$prof.procs0" "$prof.procs1" seeder=agent-1 \
      "8 leechers=$leechers" "8 CLIs=cli" tracker+gateway=tracker,gateway)
    for n in "${SS_FLASH_LEECHERS[@]}"; do verify "$WORK/out/ss-flash-$n/$FLASH" "$sha" || bad=1; done
    [ "$r" -gt "$WARMUP" ] && ts+=("$(secs "$t0" "$t1")")
    ss_log "$name run $r: $(secs "$t0" "$t1")s"
  done
  [ $bad = 1 ] && SS_NOTES+=("$name: a run failed or did not verify")
  record "$name" "$bytes" $((bytes * ${#SS_FLASH_LEECHERS[@]})) "until the last of 8; agg MB/s" "${ts[@]}"
  SS_MEDIAN[$name]=$(median "${ts[@]:-0}")
}

# ---------------------------------------------------------------- the table
anchor_median() { # NAME-PREFIX -> median seconds of the anchors' RESULT line
  local l; for l in "${RESULTS[@]}"; do
    [[ $l == "$1 "* ]] && { awk '{print $3}' <<<"$l"; return; }
  done
}
ss_table() {
  local curl_sha qb one flash d e a b
  curl_sha=$(anchor_median http1-nginx-curl+sha1sum)
  qb=$(anchor_median bt-flash-1to${NLEECHERS}-qbittorrent)
  row() { # scenario ours_s bytes steady anchor_name anchor_s target [engine_s]
    local ratio="-" met="-"
    if [ -n "$2" ] && [ -n "$6" ] && [ "$6" != "-" ]; then
      ratio=$(awk -v a="$2" -v b="$6" 'BEGIN{printf "%.2f", a/b}')
      met=$(awk -v r="$ratio" -v t="$7" 'BEGIN{print (r <= t) ? "yes" : "NO"}')
    fi
    local mbs="-"; [ -n "$2" ] && mbs=$(awk -v s="$2" -v b="$3" 'BEGIN{printf "%.0f", b/1e6/s}')
    printf '| %s | %s | %s | %s | %s | %s %s s | %s | <= %s: %s |\n' "$1" "${2:--}" "$mbs" "${8:--}" "${4:--}" "$5" "${6:--}" "$ratio" "$7" "$met"
  }
  echo "| scenario | ours median s (CLI -> verified) | MB/s | agent engine s | steady MB/s | anchor (same run) | ratio | target met? |"
  echo "|---|---|---|---|---|---|---|---|"
  row "1 GiB 3 seeders -> 1" "${SS_MEDIAN[ss-a-3to1]:-}" $((SIZE_MB * 1048576)) "${SS_STEADY[ss-a-3to1]:-}" "curl+sha1sum" "$curl_sha" 0.65 "${SS_ENGINE[ss-a-3to1]:-}"
  row "1 GiB 1 seeder -> 1" "${SS_MEDIAN[ss-b-1to1]:-}" $((SIZE_MB * 1048576)) "${SS_STEADY[ss-b-1to1]:-}" "curl+sha1sum" "$curl_sha" 0.8 "${SS_ENGINE[ss-b-1to1]:-}"
  row "flash 1 -> 8 x 256 MiB" "${SS_MEDIAN[ss-c-flash-1to8]:-}" $((FLASH_SIZE_MB * 1048576 * 8)) "-" "qBittorrent" "$qb" 0.8
  row "3 seeders, 1 throttled 20 MB/s, 1 SIGSTOP" "${SS_MEDIAN[ss-d-degraded]:-}" $((SIZE_MB * 1048576)) "${SS_STEADY[ss-d-degraded]:-}" "ours, 1 healthy seeder" "${SS_MEDIAN[ss-b-1to1]:-}" 1.15 "${SS_ENGINE[ss-d-degraded]:-}"
  row "4 GiB 3 seeders -> 1" "${SS_MEDIAN[ss-e-4GiB-3to1]:-}" $((4096 * 1048576)) "${SS_STEADY[ss-e-4GiB-3to1]:-}" "curl+sha1sum x4" \
    "$( [ -n "$curl_sha" ] && awk -v c="$curl_sha" 'BEGIN{printf "%.3f", 4*c}')" 0.65 "${SS_ENGINE[ss-e-4GiB-3to1]:-}"
  echo
  echo "Leecher peak RSS (VmHWM): 1 GiB (a) $(( ${SS_HWM_MAX[ss-a-3to1]:-0} / 1024 )) MiB, 4 GiB (e) $(( ${SS_HWM_MAX[ss-e-4GiB-3to1]:-0} / 1024 )) MiB (target <= 256 MiB)."
  echo "Leecher CPU: (a) ${SS_CPU_MED[ss-a-3to1]:-?} s/GiB, (b) ${SS_CPU_MED[ss-b-1to1]:-?} s/GiB, (e) $(awk -v c="${SS_CPU_MED[ss-e-4GiB-3to1]:-0}" 'BEGIN{printf "%.2f", c/4}') s/GiB."
  local sc
  echo
  echo "Where the CPU went, last measured run of each (CPU seconds; 2 cores give 2 CPU-s per second of wall time):"
  for sc in ss-a-3to1 ss-b-1to1 ss-c-flash-1to8 ss-d-degraded ss-e-4GiB-3to1; do
    [ -n "${SS_PROCS_OF[$sc]:-}" ] && echo "- $sc, by process: ${SS_PROCS_OF[$sc]}"
    [ -n "${SS_PROFILE_OF[$sc]:-}" ] && echo "- $sc, leecher by thread: ${SS_PROFILE_OF[$sc]}"
  done
  echo
  echo "Agents: $SS_AGENT_JAVA_OPTS. Times include the CLI's JVM start (what bin/swarmshare runs); "agent engine s" is the agent's own start -> verified time."
  local note; for note in "${SS_NOTES[@]}"; do echo "Note: $note"; done
}

ss_main() {
  main "$@"
  local table; table=$(ss_table)
  echo
  echo "# Swarmshare vs anchors (same run)"
  echo "$table"
  if [ -n "$SS_REPORT_A" ]; then echo; echo "Assignment report of (a), last run:"; echo "$SS_REPORT_A"; fi
  if [ -n "$SS_REPORT_D" ]; then echo; echo "Assignment report of (d), last run:"; echo "$SS_REPORT_D"; fi
  if [ -n "$RESULTS_FILE" ]; then
    {
      echo "# Swarm benchmark results"
      echo
      echo "$(date -u +%FT%TZ), $(nproc) cores $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load at start: $SS_LOAD0"
      echo
      echo "Command: \`$COMMAND_LINE\` (runs=$RUNS warmup=$WARMUP)"
      echo
      echo "$table"
      echo
      echo "Anchors and raw lines of the same run:"
      echo
      echo '```'
      echo "$HDR"; printf '%s\n' "${RESULTS[@]}"
      echo '```'
      if [ -n "$SS_REPORT_A" ]; then echo; echo "Assignment report of (a):"; echo; echo '```'; echo "$SS_REPORT_A"; echo '```'; fi
      if [ -n "$SS_REPORT_D" ]; then echo; echo "Assignment report of (d):"; echo; echo '```'; echo "$SS_REPORT_D"; echo '```'; fi
    } >"$RESULTS_FILE"
    echo; echo "written to ${RESULTS_FILE#"$SS_ROOT"/}"
  fi
}
SS_LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
trap 'cleanup; [ "$SS_KEEP" = 1 ] || ss_stop' EXIT
ss_main "$@"
