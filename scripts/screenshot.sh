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
theme="${THEME:-Light}"   # Light, Dark or System
# CLICK="x y" clicks there before the shot; the default clicks the first
# highlighted comment of the sample (focusing its card) at 1400x900.
click="${CLICK-780 203}"

cargo build --release
run=(./target/release/redline)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_RUNTIME_DIR="$tmp/run"
export XDG_DATA_HOME="$tmp/data"
mkdir -m 700 "$XDG_RUNTIME_DIR"
mkdir -p "$XDG_DATA_HOME/redline"
cat > "$XDG_DATA_HOME/redline/app.ron" <<'RON'
{"app":"(user:Some((name:\"Maren Oyelaran-Fisk\",initials:\"MO\")),theme:THEME)"}
RON
sed -i "s/THEME/$theme/" "$XDG_DATA_HOME/redline/app.ron"
mkdir -p "$(dirname "$out")"
out_abs="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"

xvfb-run -a -s "-screen 0 ${width}x${height}x24" sh -c '
    "$@" > "'"$tmp"'/app.log" 2>&1 &
    pid=$!
    sleep '"$wait_seconds"'
    if ! kill -0 $pid 2>/dev/null; then
        echo "the window exited early:" >&2
        cat "'"$tmp"'/app.log" >&2
        exit 1
    fi
    if [ -n "'"$click"'" ]; then xdotool mousemove '"$click"' click 1; sleep 2; fi
    import -window root "'"$out_abs"'"
    kill $pid
' sh "${run[@]}"
echo "wrote $out"
