#!/usr/bin/env bash
# Drives the real Redline window under Xvfb with xdotool as a person would
# (keys typed at ~20 ms, ~150 ms and ~300 ms each) and checks with
# `redline show --json` that exactly what was typed was recorded.
#
# For each speed, on a fresh copy of the sample project:
#   Suggest mode: Shift+arrows select "Software" in the title, "Softwares" is
#     typed over it (one replacement suggestion, whatever the speed); " Notice"
#     is typed at the title's end and Ctrl+Z takes it back in one step;
#     Ctrl+B on "Policy" (a formatting suggestion); Ctrl+K on "Effective"
#     with an address and Enter (a link suggestion; no text deleted); Ctrl+S.
#   Edit mode: "Data is kept for 30 dyas" typed, three Backspaces and
#     "ays." to correct it; Shift+Left selects "days.", Ctrl+C copies it,
#     End, a space and Ctrl+V paste it; Ctrl+B there (no word at the caret)
#     and " Kept" typed, which must come out bold; Ctrl+S. The text must
#     read "... 30 days. days. Kept".
#
# Needs: xvfb-run, xauth, xdotool (see GUI-NOTES for the apt packages).
# Usage: scripts/drive-window.sh [--no-build]   (exit 0 when every check holds)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--no-build" ]; then
    cargo build --release
fi
bin="$(pwd)/target/release/redline"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_RUNTIME_DIR="$tmp/run"
mkdir -m 700 "$XDG_RUNTIME_DIR"
failures=0

# Writes preferences (who types, in which mode) into a fresh data folder.
prefs() {
    local data="$1" mode="$2"
    mkdir -p "$data/redline"
    cat > "$data/redline/app.ron" <<RON
{"app":"(user:Some((name:\"Xavier Typist\",initials:\"XT\")),theme:Light,mode:$mode,show_outline:false)"}
RON
}

# Runs the window on FILE in MODE and feeds it the xdotool commands of the
# function named by $3 (with the key delay $4), then closes it.
session() {
    local file="$1" mode="$2" steps="$3" delay="$4"
    local data="$tmp/data-$RANDOM"
    prefs "$data" "$mode"
    XDG_DATA_HOME="$data" xvfb-run -a -s "-screen 0 1400x900x24" bash -c '
        "$0" "$1" > "$2/app.log" 2>&1 &
        pid=$!
        for _ in $(seq 1 60); do
            wid=$(xdotool search --onlyvisible --name Redline 2>/dev/null | head -1 || true)
            [ -n "$wid" ] && break
            sleep 0.5
        done
        if [ -z "$wid" ]; then echo "the window did not appear" >&2; cat "$2/app.log" >&2; kill $pid; exit 1; fi
        sleep 3
        xdotool windowfocus --sync "$wid"
        # Into the document, then to its start.
        xdotool mousemove 600 400 click 1
        sleep 0.5
        source "$3"
        '"$steps"' "'"$delay"'"
        sleep 1.5
        xdotool key --clearmodifiers ctrl+s
        sleep 2
        kill $pid
        wait $pid 2>/dev/null || true
    ' "$bin" "$file" "$tmp" "$tmp/steps.sh"
}

cat > "$tmp/steps.sh" <<'STEPS'
# Step functions, sourced inside the X session. $1: key delay in ms.
suggest_steps() {
    local d="$1"
    xdotool key --delay "$d" ctrl+Home
    xdotool key --delay "$d" ctrl+Right
    for _ in 1 2 3 4 5 6 7 8; do xdotool key --delay "$d" shift+Right; done
    xdotool type --delay "$d" "Softwares"
    sleep 1.2
    xdotool key --delay "$d" End
    xdotool type --delay "$d" " Notice"
    sleep 1.2
    xdotool key --clearmodifiers ctrl+z
    sleep 0.5
    # "Policy": the title's last word.
    xdotool key --delay "$d" End ctrl+shift+Left
    xdotool key --clearmodifiers ctrl+b
    sleep 0.5
    # "Effective" at the start of the next paragraph.
    xdotool key --delay "$d" Down Home
    for _ in 1 2 3 4 5 6 7 8 9; do xdotool key --delay "$d" shift+Right; done
    xdotool key --clearmodifiers ctrl+k
    sleep 0.8
    xdotool type --delay "$d" "https://example.com/effective"
    xdotool key Return
}
edit_steps() {
    local d="$1"
    xdotool key --delay "$d" ctrl+Home Down End
    xdotool type --delay "$d" " Data is kept for 30 dyas"
    xdotool key --delay "$d" BackSpace BackSpace BackSpace
    xdotool type --delay "$d" "ays."
    # Copy "days." with Ctrl+C and paste it after a space with Ctrl+V.
    for _ in 1 2 3 4 5; do xdotool key --delay "$d" shift+Left; done
    xdotool key --clearmodifiers ctrl+c
    sleep 0.3
    xdotool key --delay "$d" End space
    xdotool key --clearmodifiers ctrl+v
    # No word at the caret: Ctrl+B makes what is typed next bold, as in Word.
    sleep 0.3
    xdotool key --clearmodifiers ctrl+b
    xdotool type --delay "$d" " Kept"
}
STEPS

check() {
    local file="$1" speed="$2"
    "$bin" show "$file" --json | SPEED="$speed" python3 -c '
import json, os, sys
d = json.load(sys.stdin)
speed = os.environ["SPEED"]
mine = [s for s in d["suggestions"] if s["author"] == "Xavier Typist"]
problems = []
replacements = [s for s in mine if s["kind"] == "replacement"]
insertions = [s for s in mine if s["kind"] == "insertion"]
formats = [s for s in mine if s["kind"] == "format"]
if len(replacements) != 1 or replacements[0]["original"] != "Software" or replacements[0]["replacement"] != "Softwares":
    problems.append("replacement: %r" % [(s["original"], s["replacement"]) for s in replacements])
if insertions:
    problems.append("Ctrl+Z left insertions: %r" % [s["replacement"] for s in insertions])
descriptions = [s.get("formatting") or "" for s in formats]
if not any("bold" in text for text in descriptions):
    problems.append("no bold formatting suggestion: %r" % descriptions)
if not any("example.com/effective" in text for text in descriptions):
    problems.append("no link suggestion: %r" % descriptions)
if not d["text"].startswith("Kestrelmoor Software Privacy Policy\nEffective Date: March 1, 2026 Data is kept for 30 days. days. Kept\n"):
    problems.append("text: %r" % d["text"][:120])
kept = d["text"].find(" Kept")
if not any(m.get("bold") and m["start"] <= kept and kept + 5 <= m["end"] for m in d["marks"]):
    problems.append("\" Kept\" typed after Ctrl+B is not bold: %r" % [m for m in d["marks"] if m["start"] < kept + 20][:6])
others = [s for s in mine if s["kind"] not in ("replacement", "format")]
if others:
    problems.append("other suggestions: %r" % others)
print("%s: %d suggestions by the typist (%s); title line %r" % (speed, len(mine), ", ".join(sorted(s["kind"] for s in mine)), d["text"].split("\n")[1]))
for problem in problems:
    print("  PROBLEM: " + problem)
sys.exit(1 if problems else 0)
'
}

for delay in 20 150 300; do
    file="$tmp/policy-$delay.redline.ron"
    cp examples/sample-policy.redline.ron "$file"
    session "$file" Suggest suggest_steps "$delay"
    session "$file" Edit edit_steps "$delay"
    if ! check "$file" "${delay} ms per key"; then
        failures=$((failures + 1))
    fi
done
if [ "$failures" -gt 0 ]; then
    echo "FAILED: $failures speed(s) recorded something other than what was typed"
    exit 1
fi
echo "OK: at 20, 150 and 300 ms per key the project records exactly what was typed"
