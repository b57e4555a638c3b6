#!/usr/bin/env bash
# Runs a long device job across several device calls without gaps: `start` copies the working tree
# (with the carried .device/, .gl/, .mesa/) to $JOBS/NAME/repo, so later calls that refresh the tree do
# not change scripts under a running bash, and starts the command there in a new session (setsid), which
# outlives the call; `wait` blocks until the job ends or SECONDS pass and prints the log's tail. Calls
# issued back to back keep the machine warm (it goes back after ~30 s idle, and the job with it).
#   bash training/detached.sh start NAME 'command line'     (run in the repo root; the command's cwd is the copy)
#   bash training/detached.sh wait NAME SECONDS               (exit 0: the job ended with rc 0; 3: still running;
#                                                              4: no such job here, the machine is not the one that started it)
# The job's output is $JOBS/NAME/log; its exit status, once it ended, $JOBS/NAME/rc.
set -euo pipefail
JOBS="${JOBS:-/tmp/vla4j-jobs}"
cmd="${1:?usage: detached.sh start NAME COMMAND | wait NAME SECONDS}"; name="${2:?name the job}"
dir="$JOBS/$name"
case "$cmd" in
  start)
    line="${3:?give the command line}"
    [ ! -e "$dir" ] || { echo "job $name exists in $dir: wait for it or pick another name" >&2; exit 2; }
    mkdir -p "$dir/repo"
    tar cf - --exclude=./.git . | tar xf - -C "$dir/repo"
    printf '%s\n' "$line" > "$dir/command"
    setsid bash -c 'cd "$1/repo" && bash -c "$2" > "$1/log" 2>&1; echo $? > "$1/rc"' _ "$dir" "$line" < /dev/null > /dev/null 2>&1 &
    echo "job $name started in $dir"
    ;;
  wait)
    secs="${3:?give the seconds to wait}"
    # a machine handed back (idle) and started afresh has no job folder: say so at once instead of waiting
    [ -d "$dir" ] || { echo "no job $name in $JOBS: this machine did not start it (a fresh machine after an idle release?)" >&2; exit 4; }
    end=$(( $(date +%s) + secs ))
    while [ ! -f "$dir/rc" ] && [ "$(date +%s)" -lt "$end" ]; do sleep 5; done
    tail -n "${TAIL:-25}" "$dir/log" 2>/dev/null || true
    if [ -f "$dir/rc" ]; then echo "job $name ended: rc $(cat "$dir/rc")"; exit "$(cat "$dir/rc")"; fi
    echo "job $name still running after ${secs} s"; exit 3
    ;;
  *) echo "detached.sh: unknown command $cmd (start, wait)" >&2; exit 2 ;;
esac
