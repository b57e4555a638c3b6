#!/usr/bin/env bash
# A one-node Slurm cluster on localhost, for the Slurm test (SlurmClusterTest) and for trying
# `vla4j slurm` by hand. Needs root and Debian's slurm-wlm and munge packages
# (.ci/run installs them). Everything the cluster writes lives in DIR: slurm.conf, state, logs.
#
#   .ci/slurm-cluster.sh start DIR [CPUS]   # munged (if not running) + slurmctld + slurmd; waits until the node is idle
#   .ci/slurm-cluster.sh stop DIR           # stops the slurmctld and slurmd started for DIR (munged stays)
#   export SLURM_CONF=DIR/slurm.conf        # then sbatch, squeue, sinfo, vla4j slurm talk to it
#
# Containers have no cgroups for Slurm, so the config tracks processes by their parent pids
# (proctrack/linuxproc), binds no tasks (task/none) and keeps no accounting.
set -euo pipefail
cmd="${1:-}"; dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR [CPUS]" >&2; exit 2; }
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

stop() {
  local f pid
  for f in slurmd slurmctld; do
    [ -f "$dir/$f.pid" ] || continue
    pid="$(cat "$dir/$f.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$dir/$f.pid"
  done
}

free_port() { # a TCP port nobody listens on, so a second cluster or a real Slurm elsewhere does not clash
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

start() {
  local cpus="${1:-2}" host ctld_port slurmd_port
  for b in munged slurmctld slurmd sbatch; do
    command -v "$b" >/dev/null || [ -x "/usr/sbin/$b" ] || { echo "$0: $b is missing: apt-get install slurm-wlm munge" >&2; exit 1; }
  done
  [ "$(id -u)" = 0 ] || { echo "$0: needs root (slurmd starts jobs as their users)" >&2; exit 1; }
  export PATH="$PATH:/usr/sbin"
  if ! munge -n >/dev/null 2>&1; then
    [ -f /etc/munge/munge.key ] || { mungekey --create 2>/dev/null || /usr/sbin/create-munge-key -f; chown munge:munge /etc/munge/munge.key; }
    mkdir -p /run/munge /var/log/munge /var/lib/munge && chown munge:munge /run/munge /var/log/munge /var/lib/munge
    runuser -u munge -- munged
    for _ in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  host="$(hostname -s)"
  ctld_port="$(free_port)"; slurmd_port="$(free_port)"
  mkdir -p "$dir/state" "$dir/spool"
  cat > "$dir/slurm.conf" <<EOF
ClusterName=vla4j-ci
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -f "$SLURM_CONF" -i   # -i: ignore any saved state of an earlier cluster in DIR
  slurmd -f "$SLURM_CONF" -N "$host"
  for _ in $(seq 150); do
    case "$(sinfo -h -N -o %t 2>/dev/null)" in idle*) echo "slurm cluster up: SLURM_CONF=$SLURM_CONF"; return 0 ;; esac
    sleep 0.2
  done
  echo "$0: the node did not become idle in 30 s; logs in $dir:" >&2
  tail -n 20 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 || true
  stop
  exit 1
}

case "$cmd" in
  start) start "${3:-2}" ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop DIR [CPUS]" >&2; exit 2 ;;
esac
