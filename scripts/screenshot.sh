#!/usr/bin/env bash
# Builds Redline (release), runs the real window on the bundled (formatted)
# sample under Xvfb at 1024x700, 1600x1000 and 2560x1400, drives it as a
# person would (F8 goes to the first pending change, so its card is focused
# and tied to its text) and writes one PNG per size:
#   assets/screenshot.png (1600x1000, shown in the README),
#   target/screenshots/desk-1024x700.png, desk-2560x1400.png.
# Nothing in the app changes the project for a screenshot: what is shown is
# what the keys did.
#
# Needs: xvfb-run, xauth, xdotool, ImageMagick's `import` (see GUI-NOTES).
# The window runs with a throw-away preferences folder in which the user is
# already known, so no first-start dialog covers the desk.
# Usage: scripts/screenshot.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--no-build" ]; then
    cargo build --release
fi
bin="$(pwd)/target/release/redline"
theme="${THEME:-Light}"   # Light, Dark or System
wait_seconds="${WAIT:-6}"
mkdir -p target/screenshots

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_RUNTIME_DIR="$tmp/run"
mkdir -m 700 "$XDG_RUNTIME_DIR"

shoot() {
    local width="$1" height="$2" out="$3"
    local data="$tmp/data-$width"
    mkdir -p "$data/redline"
    cat > "$data/redline/app.ron" <<RON
{"app":"(user:Some((name:\"Maren Oyelaran-Fisk\",initials:\"MO\")),theme:$theme)"}
RON
    local out_abs
    out_abs="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
    XDG_DATA_HOME="$data" xvfb-run -a -s "-screen 0 ${width}x${height}x24" bash -c '
        "$0" > "$1/app.log" 2>&1 &
        pid=$!
        for _ in $(seq 1 60); do
            wid=$(xdotool search --onlyvisible --name Redline 2>/dev/null | head -1 || true)
            [ -n "$wid" ] && break
            sleep 0.5
        done
        if [ -z "$wid" ]; then echo "the window did not appear:" >&2; cat "$1/app.log" >&2; kill $pid; exit 1; fi
        # No window manager under Xvfb: fill the screen by hand.
        xdotool windowmove "$wid" 0 0 windowsize "$wid" '"$width"' '"$height"'
        xdotool windowfocus --sync "$wid"
        sleep '"$wait_seconds"'
        # Into the document, then F8: the first pending change and its card.
        xdotool mousemove $(('"$width"' / 2)) $(('"$height"' / 2)) click 1
        sleep 0.5
        xdotool key F8
        sleep 2
        import -window root "$2"
        kill $pid
        wait $pid 2>/dev/null || true
    ' "$bin" "$tmp" "$out_abs"
    echo "wrote $out"
}

shoot 1024 700 target/screenshots/desk-1024x700.png
shoot 1600 1000 assets/screenshot.png
shoot 2560 1400 target/screenshots/desk-2560x1400.png
