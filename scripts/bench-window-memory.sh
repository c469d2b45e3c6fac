#!/usr/bin/env bash
# Resident memory of the real Redline window (release, under Xvfb, llvmpipe)
# with the formatted stress project open, against the same window with an
# empty project: each is opened, scrolled through a few screens, left to
# settle, and its VmRSS read from /proc. RUNS (default 3) runs each; the
# median is reported.
#
# Needs: xvfb-run, xauth, xdotool (see GUI-NOTES).
# Usage: scripts/bench-window-memory.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--no-build" ]; then
    cargo build --release --example write_projects
    cargo build --release
fi
bin="$(pwd)/target/release/redline"
runs="${RUNS:-3}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_RUNTIME_DIR="$tmp/run"
mkdir -m 700 "$XDG_RUNTIME_DIR"
./target/release/examples/write_projects "$tmp/stress.redline.ron" "$tmp/empty.redline.ron"

measure() {
    local file="$1"
    local data="$tmp/data"
    mkdir -p "$data/redline"
    cat > "$data/redline/app.ron" <<'RON'
{"app":"(user:Some((name:\"Bench Counsel\",initials:\"BC\")),theme:Light)"}
RON
    XDG_DATA_HOME="$data" xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
        "$0" "$1" > /dev/null 2>&1 &
        pid=$!
        for _ in $(seq 1 60); do
            wid=$(xdotool search --onlyvisible --name Redline 2>/dev/null | head -1 || true)
            [ -n "$wid" ] && break
            sleep 0.5
        done
        xdotool windowmove "$wid" 0 0 windowsize "$wid" 1280 800
        sleep 3
        xdotool mousemove 640 400
        for _ in $(seq 1 20); do xdotool click 5; sleep 0.05; done
        sleep 3
        awk "/VmRSS/ { print \$2 }" /proc/$pid/status
        kill $pid
        wait $pid 2>/dev/null || true
    ' "$bin" "$file"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

empty=$(for _ in $(seq 1 "$runs"); do measure "$tmp/empty.redline.ron"; done | median)
stress=$(for _ in $(seq 1 "$runs"); do measure "$tmp/stress.redline.ron"; done | median)
echo "empty project:  ${empty} KiB resident"
echo "stress project: ${stress} KiB resident"
echo "difference:     $(( (stress - empty) / 1024 )) MiB (goal: at most 50 MiB)"
