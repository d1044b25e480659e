#!/usr/bin/env bash
# Benchmark: generate synthetic trees (examples/synth.rs) and measure, in one
# run, the parse-only floor (`tolok parse-floor`: read and parse every YAML and
# Markdown file into the loader's documents, nothing else), a cold full build
# (no previous site, no cache), and two rebuilds, each after one evidence file
# changed (one answer flips): the first right after the cold build (it builds
# its site in a new folder and keeps the replaced one as the spare), the
# second as every later one (it updates the spare; see the README).
# Prints wall time and CPU time (user + system), each the median of
# BENCH_RUNS runs, agencies per second, peak memory (maximum resident set) and
# the build/floor ratios, then a line of user time alone. On a shared machine
# wall times follow the other processes' load, CPU times much less so; system
# time follows the state of the disk, user time hardly: all are printed.
#
#   bench/run.sh                 1,000 and 20,000 agencies
#   bench/run.sh 5000            any sizes
#   bench/run.sh --smoke         200 agencies, one run: the CI smoke test
#   BENCH_TOLOK=path/to/tolok bench/run.sh 1000   another binary, not built here
#
# Needs GNU time (`apt-get install time`). Trees and sites are written to a
# temporary folder and deleted only at the end: on ext4 without a journal,
# a new file skips every inode freed in the last minute, so deleting a tree
# just before a build bills the build for it (up to half its time).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${BENCH_RUNS:-3}
sizes=()
smoke=0
for a in "$@"; do
  case "$a" in
    --smoke) smoke=1; runs=1; sizes+=(200) ;;
    *) sizes+=("$a") ;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 20000)

if ! env time -f %e true >/dev/null 2>&1; then
  echo "bench: GNU time is missing (apt-get install time)" >&2
  exit 1
fi
# BENCH_TOLOK and BENCH_SYNTH measure other builds (say, before and after a
# change); by default the tree's own, built here.
if [ -z "${BENCH_TOLOK:-}" ]; then
  cargo build --release --quiet --bin tolok --example synth
fi
tolok=${BENCH_TOLOK:-target/release/tolok}
synth=${BENCH_SYNTH:-target/release/examples/synth}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')
echo "machine: $(nproc) cores, ${cpu:-unknown CPU}; load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"

# Runs a command under GNU time; prints "wall_s peak_kb cpu_s user_s".
measure() {
  env time -f '%e %M %U %S' -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
    cat "$work/err" >&2
    return 1
  }
  awk '{printf "%s %s %.2f %s\n", $1, $2, $3 + $4, $3}' "$work/time"
}

median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# Flips one answer in the evidence of the K-th agency of group prov-02.
flip() {
  local dir="$1/2022/prov-02"
  local ev="$dir/$(ls "$dir" | grep -v '\.' | sed -n "${2}p")/evidence.yaml"
  if grep -q 'answer: ya' "$ev"; then sed -i '0,/answer: ya/s//answer: tidak/' "$ev"
  else sed -i '0,/answer: tidak/s//answer: ya/' "$ev"; fi
}

# Lets the disk finish what the previous step left it (writing back a
# built site, discarding a deleted one) so that it is not billed to the next
# measurement: on a virtual disk that is seconds of system time. An edit
# comes seconds after the previous build, not while the disk writes it out.
settle() { sync; sleep 3; }

printf '\n%8s | %7s %7s %6s | %7s %7s %6s | %9s %8s %10s | %9s | %9s %7s %7s\n' \
  agencies floor_s build_s ratio floor_cpu bld_cpu ratio agencies/s peak_MiB cpu_us/ag rebuild1_s rebuild_s reb_cpu reb_MiB
for n in "${sizes[@]}"; do
  content="$work/c$n"
  "$synth" --agencies "$n" "$content" 2>/dev/null
  # The build cache does not trust files younger than two seconds (coarse
  # timestamps): an edited tree is older than that by the time it is rebuilt.
  sleep 2.1
  [ "$smoke" = 1 ] && "$tolok" check "$content" 2>/dev/null
  : >"$work/floor"; : >"$work/cold"; : >"$work/first"; : >"$work/rebuild"
  for r in $(seq "$runs"); do
    measure "$tolok" parse-floor "$content" >>"$work/floor"
    [ -e "$work/o$n" ] && mv "$work/o$n" "$work/done-$n-$r"
    mkdir -p "$work/o$n"
    settle
    measure "$tolok" build "$content" --out "$work/o$n/site" >>"$work/cold"
    # One evidence file changes: one answer flips; then another.
    flip "$content" 1
    settle
    measure "$tolok" build "$content" --out "$work/o$n/site" >>"$work/first"
    flip "$content" 2
    settle
    measure "$tolok" build "$content" --out "$work/o$n/site" >>"$work/rebuild"
  done
  floor=$(cut -d' ' -f1 "$work/floor" | median)
  fcpu=$(cut -d' ' -f3 "$work/floor" | median)
  cold=$(cut -d' ' -f1 "$work/cold" | median)
  ccpu=$(cut -d' ' -f3 "$work/cold" | median)
  first=$(cut -d' ' -f1 "$work/first" | median)
  rebuild=$(cut -d' ' -f1 "$work/rebuild" | median)
  rcpu=$(cut -d' ' -f3 "$work/rebuild" | median)
  peak=$(cut -d' ' -f2 "$work/cold" | sort -g | tail -1)
  rpeak=$(cut -d' ' -f2 "$work/rebuild" | sort -g | tail -1)
  fuser=$(cut -d' ' -f4 "$work/floor" | median)
  cuser=$(cut -d' ' -f4 "$work/cold" | median)
  ruser=$(cut -d' ' -f4 "$work/rebuild" | median)
  awk -v n="$n" -v f="$floor" -v fc="$fcpu" -v c="$cold" -v cc="$ccpu" -v p="$peak" \
    -v r1="$first" -v r="$rebuild" -v rc="$rcpu" -v rp="$rpeak" 'BEGIN {
    printf "%8d | %7.2f %7.2f %6.2f | %7.2f %7.2f %6.2f | %9.0f %8.0f %10.0f | %9.2f | %9.2f %7.2f %7.0f\n",
      n, f, c, (f > 0 ? c / f : 0), fc, cc, (fc > 0 ? cc / fc : 0), (c > 0 ? n / c : 0),
      p / 1024, cc / n * 1e6, r1, r, rc, rp / 1024 }'
  # System time (the file system's share) varies much more between runs
  # and machines than user time: the user time alone, for comparisons.
  echo "         user time only: floor $fuser s, build $cuser s ($(awk -v c="$cuser" -v f="$fuser" 'BEGIN { printf "%.2f", (f > 0 ? c / f : 0) }')x), rebuild $ruser s"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
