#!/usr/bin/env bash
# Latency of `tolok serve`: the time from writing a changed evidence file to
# the moment the agency's page, fetched over HTTP, shows the new answer.
#
# Builds release, writes a synthetic tree (examples/synth.rs), starts `tolok
# serve` on a free port, then flips one answer of one agency's evidence file
# (`ya` <-> `tidak`, with sed as bench/run.sh does) CHANGES times. After each
# write it does what a served page's reload script does: it waits on the held
# version request (answered the moment a rebuild is in place), then fetches the
# agency's page once and checks that the row of that indicator shows the new
# answer (waiting for the next version if not). Prints every
# measurement with the rebuild time the server reported for it, then the
# median and the maximum in ms, the median rebuild, and the median of the
# rest (latency less rebuild: noticing the change, waiting for quiet,
# fetching the page).
#
#   bench/serve-latency.sh                       50 agencies, 10 changes
#   bench/serve-latency.sh --agencies 200 --changes 20
#   bench/serve-latency.sh --smoke               10 agencies, 3 changes: a quick check
#   TOLOK_BIN=path/to/tolok bench/serve-latency.sh   another build of tolok (to compare)
#
# Needs curl. The tree and the site are written to a temporary folder and
# deleted at the end; the server is stopped at the end however the script ends.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

agencies=50
changes=10
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) agencies=10; changes=3 ;;
    --agencies) agencies=$2; shift ;;
    --changes) changes=$2; shift ;;
    *) echo "usage: bench/serve-latency.sh [--smoke] [--agencies N] [--changes N]" >&2; exit 2 ;;
  esac
  shift
done

if ! command -v curl >/dev/null 2>&1; then
  echo "bench: curl is missing (apt-get install curl)" >&2
  exit 1
fi
cargo build --release --quiet --bin tolok --example synth
tolok=${TOLOK_BIN:-$PWD/target/release/tolok}
synth=$PWD/target/release/examples/synth
work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')
echo "machine: $(nproc) cores, ${cpu:-unknown CPU}; load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"

content="$work/content"
"$synth" --agencies "$agencies" "$content" 2>/dev/null
# The last agency in path order (outside the reference group when there are
# more than 40): its evidence file, its page, and its first ya/tidak answer.
ev=$(find "$content" -name evidence.yaml | sort | tail -1)
rel=${ev#"$content"/}
rel=${rel%/evidence.yaml}
read -r line id answer < <(awk '
  /^  [a-z0-9-]+:$/ { id = substr($1, 1, length($1) - 1) }
  /^    answer: (ya|tidak)$/ { print NR, id, $2; exit }' "$ev")
[ -n "${id:-}" ] || { echo "bench: no ya/tidak answer in $rel/evidence.yaml" >&2; exit 1; }

# A file descriptor that never has data: `read -t` on it is a sleep without a process.
mkfifo "$work/never"
exec 9<>"$work/never"
pause() { read -r -t "$1" -u 9 || true; }

# A tree being edited is older than the cache's two-second window (files
# younger than that are read again by every build): wait it out, as
# bench/run.sh does, or the first changes measure full rebuilds.
pause 2.1

: >"$work/log"
"$tolok" serve "$content" --port 0 2>"$work/log" &
server=$!
port=
for _ in $(seq 600); do
  port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/log" | head -1)
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/log" >&2; exit 1; }
  pause 0.1
done
[ -n "$port" ] || { echo "bench: the server did not start" >&2; cat "$work/log" >&2; exit 1; }
url="http://127.0.0.1:$port/$rel/"
version="http://127.0.0.1:$port/__tolok/version"

# The answer the page shows in the row of indicator $id (awk reads the whole
# page, so curl is never cut off).
shown() {
  { curl -s --max-time 30 "$url" || true; } | awk -v id="$id" '
    index($0, "<code class=\"id\">" id "</code>") { f = 1; next }
    f == 1 && /<td>/ { sub(/^ *<td>/, ""); sub(/<\/td>.*/, ""); print; f = 2 }'
}
now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }

now=$(shown)
[ "$now" = "$answer" ] || { echo "bench: the page shows '$now' for $id, the file says '$answer'" >&2; exit 1; }
echo "tree: $agencies agencies; flipping $id in $rel/evidence.yaml (line $line), fetching /$rel/"

: >"$work/ms"
for i in $(seq "$changes"); do
  if [ "$answer" = ya ]; then new=tidak; else new=ya; fi
  seen=$(curl -s --max-time 5 "$version")
  start=$(now_us)
  sed -i "${line}s/answer: $answer\$/answer: $new/" "$ev"
  # As the page's reload script does: wait on the held version request, then
  # fetch the page once (again after any further rebuild, should a rebuild
  # have started before the write was complete).
  while :; do
    seen=$(curl -s --max-time 30 "$version?v=$seen")
    now=$(shown)
    [ "$now" = "$new" ] && break
    if [ $(( $(now_us) - start )) -gt 30000000 ]; then
      echo "bench: change $i not seen after 30 s (the page shows '$now')" >&2
      exit 1
    fi
  done
  took=$(( $(now_us) - start ))
  answer=$new
  pause 0.3
  # The server's own figure for the rebuild this change caused (its last one).
  built=$(grep -o 'pages in [0-9.]* s' "$work/log" | tail -1 | awk '{ printf "%.0f", $3 * 1000 }')
  awk -v us="$took" -v b="$built" -v i="$i" 'BEGIN { printf "change %2d: %7.1f ms (rebuild %4d ms)\n", i, us / 1000, b }'
  echo "$took $built" >>"$work/ms"
done

awk -v n="$agencies" '{ t[NR] = $1 / 1000; b[NR] = $2; o[NR] = $1 / 1000 - $2 }
  function median(a, k, i, j, x) {
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { x = a[i]; a[i] = a[j]; a[j] = x }
    return a[int((k + 1) / 2)]
  }
  END {
    m = median(t, NR); mx = t[NR]; rb = median(b, NR); ov = median(o, NR)
    printf "serve latency, %d agencies, %d changes: median %.1f ms, max %.1f ms; rebuild itself: median %d ms; the rest (detection, debounce, fetch): median %.1f ms\n",
      n, NR, m, mx, rb, ov }' "$work/ms"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
