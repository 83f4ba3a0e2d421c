#!/bin/bash
# Peak memory of a whole scan: the scan process, the fork server, the metric workers and their git processes.
#
#   benchmarks/tree_memory.sh ROOT_PID [MIN_DEPTH] > mem.log      # e.g. the pid of a running provenance_bench.py
#
# Once a second, while ROOT_PID lives, prints "time processes rss MiB pss MiB" summed over every descendant of
# ROOT_PID at least MIN_DEPTH levels below it (default 1; 2 skips a benchmark driver that is itself a child of
# ROOT_PID).  PSS (from /proc/<pid>/smaps_rollup) counts pages the fork-server children share once; the RSS sum
# counts them in every process and so overstates.  Take the maximum over the seconds a scan ran:
#   awk '$1 >= "18:56:15" && $1 <= "18:57:28" {if ($6 > p) p = $6} END {print p}' mem.log
root=${1:?usage: tree_memory.sh ROOT_PID [MIN_DEPTH]}
min_depth=${2:-1}
while kill -0 "$root" 2>/dev/null; do
  pids=$(ps -e -o pid=,ppid=,comm= | awk -v root="$root" -v min="$min_depth" '
    {pp[$1] = $2; c[$1] = $3}
    END {for (p in pp) {q = p; d = 0; while (q > 1 && q != root) {q = pp[q]; d++}
                        if (q == root && d >= min && c[p] != "ps") print p}}')
  rss=0; pss=0
  for p in $pids; do
    r=$(awk '/^Rss:/ {r = $2} /^Pss:/ {s = $2} END {print r + 0, s + 0}' "/proc/$p/smaps_rollup" 2>/dev/null) || continue
    set -- $r; rss=$((rss + ${1:-0})); pss=$((pss + ${2:-0}))
  done
  echo "$(date +%T) $(echo $pids | wc -w) rss $((rss / 1024)) pss $((pss / 1024))"
  sleep 1
done
