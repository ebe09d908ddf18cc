# loopback-cluster.sh - a throwaway single-node SLURM (slurmctld + slurmd + munge) on loopback,
# for the tests of `meanfield sweep --executor slurm` (.ci/run sources it).
# Tested: Debian 12, slurm-wlm 22.05.8, munge 0.5.15, running as root, no systemd.
# Usage (bash, as root):
#   source scripts/slurm/loopback-cluster.sh
#   ci_slurm_up            # install (if needed) + configure + start + wait until node idle
#   sbatch --array=0-5 --wrap '...'
#   ci_slurm_wait_jobs 120 # wait until the queue is empty
#   ci_slurm_down          # cancel jobs, stop daemons by recorded PID, keep logs
#
# Everything (config, munge key/socket, state, spool, logs, PID files) lives in
# $CI_SLURM_DIR (default: a fresh mktemp -d). SLURM_CONF is exported so the
# client commands (sbatch, squeue, sinfo, scontrol, scancel) find the config.
# Separate CI steps can re-source this file and call ci_slurm_down if they
# export the same CI_SLURM_DIR (it re-reads the PID files).

ci_slurm_log() { echo "[ci-slurm] $*" >&2; }

# alive = exists and is not a zombie (an orphan may wait a while to be reaped)
_ci_slurm_alive() {
    local st
    st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
    [ -n "$st" ] && [ "$st" != Z ]
}

ci_slurm_install() {
    if command -v slurmctld >/dev/null && command -v slurmd >/dev/null \
       && command -v munged >/dev/null && command -v sbatch >/dev/null; then
        return 0
    fi
    local created_policy=0
    # Stop the packages' postinst from starting system-wide services (matters on
    # hosts with systemd; Docker images usually already ship this file).
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        created_policy=1
    fi
    local rc=0
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=300 update -qq || rc=$?
    [ $rc -eq 0 ] && { apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
        --no-install-recommends slurm-wlm munge >/dev/null || rc=$?; }
    [ $created_policy -eq 1 ] && rm -f /usr/sbin/policy-rc.d
    return $rc
}

ci_slurm_configure() {
    : "${CI_SLURM_DIR:=$(mktemp -d -t ci-slurm.XXXXXX)}"
    export CI_SLURM_DIR
    local d=$CI_SLURM_DIR
    local host; host=$(hostname -s)
    local ncpu; ncpu=$(nproc)
    # 90 % of the memory, so that sbatch --mem requests up to it can be met (not a consumable: CR_Core)
    local mem_mb; mem_mb=$(awk '/^MemTotal:/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
    local ctld_port=${CI_SLURM_CTLD_PORT:-6817} slurmd_port=${CI_SLURM_SLURMD_PORT:-6818}
    mkdir -p "$d"/{munge,state,spool,log,run}
    # munged refuses a socket/key dir writable by group/other; 0711 lets
    # non-root clients reach the socket
    chmod 711 "$d" "$d/munge"
    # munge key: must be owned by the daemon's user (root here), mode 0600
    if [ ! -s "$d/munge/munge.key" ]; then
        mungekey --create --keyfile="$d/munge/munge.key" 2>/dev/null \
            || dd if=/dev/urandom of="$d/munge/munge.key" bs=1024 count=1 status=none
        chmod 600 "$d/munge/munge.key"
    fi
    cat > "$d/slurm.conf" <<EOF
ClusterName=ci
SlurmctldHost=${host}(127.0.0.1)
SlurmctldPort=${ctld_port}
SlurmdPort=${slurmd_port}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=${d}/munge/munge.socket
StateSaveLocation=${d}/state
SlurmdSpoolDir=${d}/spool
SlurmctldPidFile=${d}/run/slurmctld.pid
SlurmdPidFile=${d}/run/slurmd.pid
SlurmctldLogFile=${d}/log/slurmctld.log
SlurmdLogFile=${d}/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=${d}/log/jobcomp.txt
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/builtin
SchedulerParameters=batch_sched_delay=0
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=2
MinJobAge=600
NodeName=${host} NodeAddr=127.0.0.1 NodeHostname=${host} CPUs=${ncpu} RealMemory=${mem_mb} State=UNKNOWN
PartitionName=ci Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
    export SLURM_CONF="$d/slurm.conf"
}

# start a daemon in foreground mode, in its own session, and record its PID
# (the subshell keeps job control off, so setsid execs in place and $! is it)
_ci_slurm_spawn() {  # name, command...
    local name=$1; shift
    ( setsid "$@" >"$CI_SLURM_DIR/log/$name.stdout" 2>&1 < /dev/null &
      echo $! > "$CI_SLURM_DIR/run/$name.bgpid" )
}

ci_slurm_start() {
    local d=$CI_SLURM_DIR
    export SLURM_CONF="$d/slurm.conf"
    _ci_slurm_spawn munged munged --foreground --force \
        --key-file="$d/munge/munge.key" --socket="$d/munge/munge.socket" \
        --pid-file="$d/run/munged.pid" --log-file="$d/log/munged.log" \
        --seed-file="$d/munge/munged.seed"
    local i
    for i in $(seq 1 50); do [ -S "$d/munge/munge.socket" ] && break; sleep 0.1; done
    if ! munge -n -S "$d/munge/munge.socket" | unmunge -S "$d/munge/munge.socket" >/dev/null; then
        ci_slurm_log "munge self-test failed"; cat "$d/log/munged.stdout" >&2; return 1
    fi
    # -c: ignore any old state; -D: foreground (we detach ourselves)
    _ci_slurm_spawn slurmctld slurmctld -D -c -f "$d/slurm.conf"
    _ci_slurm_spawn slurmd slurmd -D -f "$d/slurm.conf" -N "$(hostname -s)"
}

ci_slurm_wait_ready() {  # [timeout_s]
    local t=${1:-60} start=$SECONDS state p
    while (( SECONDS - start < t )); do
        state=$(sinfo -h -N -o '%T' 2>/dev/null | head -1)
        if [ "$state" = idle ]; then
            ci_slurm_log "node idle after $((SECONDS - start))s"; return 0
        fi
        for p in slurmctld slurmd munged; do
            if ! _ci_slurm_alive "$(cat "$CI_SLURM_DIR/run/$p.bgpid" 2>/dev/null)"; then
                ci_slurm_log "$p died"; tail -20 "$CI_SLURM_DIR/log/$p.stdout" >&2; return 1
            fi
        done
        sleep 0.5
    done
    ci_slurm_log "timeout waiting for idle node (state='$state')"
    tail -20 "$CI_SLURM_DIR"/log/slurm*.log >&2
    return 1
}

ci_slurm_up() {
    ci_slurm_install && ci_slurm_configure && ci_slurm_start && ci_slurm_wait_ready "${1:-60}"
}

ci_slurm_wait_jobs() {  # [timeout_s] - wait until squeue shows no pending/running jobs
    local t=${1:-300} start=$SECONDS
    while (( SECONDS - start < t )); do
        [ -z "$(squeue -h -o %i 2>/dev/null)" ] && return 0
        sleep 1
    done
    ci_slurm_log "timeout waiting for jobs"; squeue >&2; return 1
}

# PIDs left behind by THIS cluster after its daemons are gone: job processes
# (scontrol listpids talks to the step daemons directly, no slurmd needed) and
# slurmstepd processes holding a file in $CI_SLURM_DIR (its slurmd.log).
_ci_slurm_leftover_pids() {
    SLURM_CONF="$CI_SLURM_DIR/slurm.conf" scontrol listpids 2>/dev/null | awk 'NR>1 && $1 ~ /^[0-9]+$/ {print $1}'
    local p
    for p in /proc/[0-9]*; do
        case "$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null)" in slurmstepd*) ;; *) continue ;; esac
        ls -l "$p/fd" 2>/dev/null | grep -q " -> $CI_SLURM_DIR/" && echo "${p#/proc/}"
    done
}

ci_slurm_down() {
    [ -n "${CI_SLURM_DIR:-}" ] && [ -d "$CI_SLURM_DIR" ] || return 0
    export SLURM_CONF="$CI_SLURM_DIR/slurm.conf"
    local p pid i
    local ctld; ctld=$(cat "$CI_SLURM_DIR/run/slurmctld.bgpid" 2>/dev/null)
    if [ -n "$ctld" ] && _ci_slurm_alive "$ctld"; then
        scancel --quiet --partition=ci 2>/dev/null   # all users
        for i in $(seq 1 30); do
            [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break; sleep 0.5
        done
    fi
    # slurmctld first: stopping it after slurmd makes it wait ~10s on a hung RPC
    # (PIDs recorded at spawn time, plus the daemons' own pid files in our dir)
    for p in slurmctld slurmd munged; do
        for pid in $(cat "$CI_SLURM_DIR/run/$p.bgpid" "$CI_SLURM_DIR/run/$p.pid" 2>/dev/null | sort -u); do
            _ci_slurm_alive "$pid" || continue
            kill -TERM "$pid" 2>/dev/null
            for i in $(seq 1 50); do _ci_slurm_alive "$pid" || break; sleep 0.1; done
            _ci_slurm_alive "$pid" && kill -KILL "$pid" 2>/dev/null
        done
    done
    # leftover step daemons / job processes of this cluster, if any
    for pid in $(_ci_slurm_leftover_pids); do kill -KILL "$pid" 2>/dev/null; done
    ci_slurm_log "stopped; logs in $CI_SLURM_DIR/log"
}
