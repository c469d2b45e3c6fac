#!/usr/bin/env bash
# Screenshots of review rounds in the real window under Xvfb (1600x1000),
# driven with xdotool as a person would:
#   assets/screenshot-send.png       File → Send for review… with a thread
#                                    marked internal, the reviewer named and
#                                    the preview of what goes out;
#   assets/screenshot-bring-back.png File → Bring back a reviewer's copy…
#                                    after the merge: the report, and the
#                                    new cards in the review panel.
# The project is a copy of examples/sample-policy.redline.ron; the
# reviewer's copy is made with `redline send --format criticmarkup` and
# changed as a reviewer would (a comment, a tracked insertion and an
# untracked edit). No file dialog exists under Xvfb (no D-Bus session, no
# zenity), so the copy's path is typed, as the app asks.
#
# The click positions were measured on this layout (1600x1000, default
# fonts, light theme); if the layout changes, look at the PNGs and adjust.
# Needs: xvfb-run, xauth, xdotool, ImageMagick's `import` (see GUI-NOTES).
# Usage: scripts/screenshot-rounds.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$(pwd)/target}"
if [ "${1:-}" != "--no-build" ]; then
    cargo build
fi
bin="$target/debug/redline"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_RUNTIME_DIR="$tmp/run"
mkdir -m 700 "$XDG_RUNTIME_DIR"
unset DBUS_SESSION_BUS_ADDRESS

# The reviewer's copy, as a reviewer would return it.
cp examples/sample-policy.redline.ron "$tmp/policy.redline.ron"
"$bin" send "$tmp/policy.redline.ron" --to "Ingrid Solberg" --format criticmarkup \
    -o "$tmp/sent.review.md" > /dev/null
python3 - "$tmp/sent.review.md" "$tmp/back-from-ingrid.md" <<'PY'
import sys
text = open(sys.argv[1]).read()
text = text.replace("Approximate location", "Coarse location", 1)
text = text.replace("household budgeting",
    '{==household budgeting==}{>>@Ingrid Solberg: Is "household" defined?<<}', 1)
text = text.replace("meal-planning service", "{++weekly ++}meal-planning service", 1)
open(sys.argv[2], "w").write(text)
PY

# Runs the window on a fresh copy of PROJECT, plays the xdotool STEPS,
# and writes OUT.
shoot() {
    local project="$1" steps="$2" out="$3"
    cp "$project" "$tmp/open.redline.ron"
    # A fresh preferences folder each time: the user is known, and the
    # previous window's recovery file does not offer itself.
    local data="$tmp/data-$(basename "$out" .png)"
    mkdir -p "$data/redline"
    cat > "$data/redline/app.ron" <<RON
{"app":"(user:Some((name:\"Maren Oyelaran-Fisk\",initials:\"MO\")),theme:Light)"}
RON
    local out_abs
    out_abs="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
    XDG_DATA_HOME="$data" xvfb-run -a -s "-screen 0 1600x1000x24" bash -c '
        "$0" "$1/open.redline.ron" > "$1/app.log" 2>&1 &
        pid=$!
        for _ in $(seq 1 60); do
            wid=$(xdotool search --onlyvisible --name Redline 2>/dev/null | head -1 || true)
            [ -n "$wid" ] && break
            sleep 0.5
        done
        if [ -z "$wid" ]; then echo "the window did not appear:" >&2; cat "$1/app.log" >&2; kill $pid; exit 1; fi
        # No window manager under Xvfb: fill the screen by hand.
        xdotool windowmove "$wid" 0 0 windowsize "$wid" 1600 1000
        xdotool windowfocus --sync "$wid"
        sleep 5
        eval "$2"
        sleep 2
        import -window root "$3"
        kill $pid
        wait $pid 2>/dev/null || true
    ' "$bin" "$tmp" "$steps" "$out_abs"
    echo "wrote $out"
}

file_menu="xdotool mousemove 20 12 click 1; sleep 0.7"
# The first card's "Internal (never sent)", then File → Send for review…,
# then the reviewer's name.
shoot examples/sample-policy.redline.ron "
    xdotool mousemove 1244 386 click 1; sleep 0.5
    $file_menu; xdotool mousemove 67 282 click 1; sleep 1
    xdotool mousemove 714 140 click 1; sleep 0.4
    xdotool type --delay 60 'Ingrid Solberg'; sleep 1
" assets/screenshot-send.png
# File → Bring back a reviewer's copy…, the copy's path, Bring back.
shoot "$tmp/policy.redline.ron" "
    $file_menu; xdotool mousemove 104 305 click 1; sleep 1
    xdotool mousemove 783 140 click 1; sleep 0.3
    xdotool type --delay 30 '$tmp/back-from-ingrid.md'; sleep 1
    xdotool mousemove 525 243 click 1; sleep 2
" assets/screenshot-bring-back.png
