#!/usr/bin/env bash
# Builds Redline (release), runs the real window on the bundled sample under
# Xvfb and writes a PNG of it (default: assets/screenshot.png).
#
# Needs: xvfb-run, xauth, ImageMagick's `import` (see GUI-NOTES for the
# apt packages). REDLINE_SCREENSHOT_VIEW=versions|compare|signoff|export|checks
# opens that tool over the desk (versions and compare first snapshot the
# sample as v1 and accept its pending changes, so there is a history to show).
# The window runs with a throw-away preferences directory in
# which the user is already known, so no first-start dialog covers the desk.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-assets/screenshot.png}"
width="${WIDTH:-1400}"
height="${HEIGHT:-900}"
wait_seconds="${WAIT:-8}"

if grep -q "app::run" src/main.rs; then
    cargo build --release
    run=(./target/release/redline)
else
    # src/main.rs does not start the GUI yet: run the window through the
    # harness-less test binary that calls redline::app::run.
    cargo test --release --test gui_window --no-run
    bin=$(ls -t target/release/deps/gui_window-* | grep -v '\.d$' | head -n 1)
    export REDLINE_RUN_WINDOW=1
    run=("$bin")
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_RUNTIME_DIR="$tmp/run"
export XDG_DATA_HOME="$tmp/data"
mkdir -m 700 "$XDG_RUNTIME_DIR"
mkdir -p "$XDG_DATA_HOME/redline"
cat > "$XDG_DATA_HOME/redline/app.ron" <<'RON'
{"app":"(user:Some((name:\"Maren Oyelaran-Fisk\",initials:\"MO\")),theme:Light)"}
RON
mkdir -p "$(dirname "$out")"
out_abs="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"

xvfb-run -a -s "-screen 0 ${width}x${height}x24" sh -c '
    "$@" > "'"$tmp"'/app.log" 2>&1 &
    pid=$!
    sleep '"$wait_seconds"'
    if [ -n "${CLICK:-}" ]; then xdotool mousemove $CLICK click 1; sleep 2; fi
    import -window root "'"$out_abs"'"
    kill $pid
' sh "${run[@]}"
echo "wrote $out"
