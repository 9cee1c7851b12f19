#!/usr/bin/env bash
# A real Slurm cluster on one machine: one munged and one slurmctld on the host (PREFIX.1), and N compute nodes,
# each a slurmd in its own network namespace and UTS namespace (facts in lab/README.md).
#
#   slurm-lab.sh up N           build the lab (N nodes, 1-9, all running), print "export SLURM_CONF=..."
#   slurm-lab.sh down           tear everything down (idempotent, also after a partial up)
#   slurm-lab.sh node-stop S    stop node S's slurmd and everything else in its namespace ("power off")
#   slurm-lab.sh node-start S   start its slurmd again ("power on"; it registers within a second)
#   slurm-lab.sh node-status S  print Running or Stopped (exit 0 either way)
#   slurm-lab.sh nodes          list node names
#   slurm-lab.sh env            print "export SLURM_CONF=..." (every Slurm command needs it)
#
# Environment: LAB_DIR (state, default /tmp/clues-slurm-lab), LAB_SUBNET_PREFIX (default 10.233.0; the lab uses
# PREFIX.0/24: controller PREFIX.1 on the host bridge, node i PREFIX.(10+i)), NODE_PREFIX (node and namespace
# names, default slab: slab1..slabN), NODE_CPUS (default 2), NODE_MEM (MB, default 1024), SLURMD_TIMEOUT (default
# 30), SCHED_PARAMS (slurm.conf SchedulerParameters, default batch_sched_delay=0,bf_interval=5 so a job starts
# within a second of its node registering). Runs as root; needs slurmctld, slurmd, slurm-client, munge, iproute2
# and util-linux. One Slurm lab per machine: slurmctld listens on the host's port 6817. Every wait has a deadline.
#
# The node commands print nothing on standard output: CLUES' commandline power manager reads a one-word output as
# the name of the node actually switched.
set -euo pipefail

LAB_DIR=${LAB_DIR:-/tmp/clues-slurm-lab}
STATE="$LAB_DIR/lab.env"
if [ -f "$STATE" ]; then
  # The values the lab was built with win, so "down" and the node commands act on what "up" made.
  # shellcheck disable=SC1090
  . "$STATE"
fi
PREFIX=${PREFIX:-${LAB_SUBNET_PREFIX:-10.233.0}}
NODE_PREFIX=${NODE_PREFIX:-slab}
NODE_CPUS=${NODE_CPUS:-2}
NODE_MEM=${NODE_MEM:-1024}
SLURMD_TIMEOUT=${SLURMD_TIMEOUT:-30}
SCHED_PARAMS=${SCHED_PARAMS:-batch_sched_delay=0,bf_interval=5}
TAG=$(printf '%s' "$PREFIX" | md5sum | cut -c1-6)
BRIDGE="csb$TAG"
SLURM_CONF="$LAB_DIR/etc/slurm.conf"
export SLURM_CONF

die() { echo "slurm-lab: $*" >&2; exit 1; }
log() { echo "slurm-lab: $*" >&2; }

# wait_for SECONDS DESCRIPTION COMMAND... : polls every 0.1 s until COMMAND succeeds.
wait_for() {
  local timeout=$1 what=$2; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "timed out after ${timeout}s waiting for $what"
    sleep 0.1
  done
}

node_names() { [ -f "$STATE" ] || return 0; local i; for ((i = 1; i <= NODES; i++)); do echo "$NODE_PREFIX$i"; done; }
require_node() {
  local names; names=$(node_names)
  grep -qxF -- "$1" <<<"$names" || die "no node named '$1' (nodes: $(tr '\n' ' ' <<<"$names"))"
}
node_index() { echo "${1#"$NODE_PREFIX"}"; }
node_ip() { echo "$PREFIX.$((10 + $(node_index "$1")))"; }
netns_of() { echo "csl-$TAG-$1"; }

# pid_alive PIDFILE NAME: prints the pid when the file names a live process called NAME (guards against pid reuse).
pid_alive() {
  local pid
  [ -f "$1" ] || return 1
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ "$(ps -o comm= -p "$pid" 2>/dev/null)" = "$2" ] || return 1
  echo "$pid"
}

# kill_and_wait SECONDS PID... : SIGTERM, wait up to SECONDS for every pid to exit, then SIGKILL the rest.
kill_and_wait() {
  local timeout=$1; shift
  [ $# -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  local deadline=$((SECONDS + timeout)) alive p
  while :; do
    alive=()
    for p in "$@"; do kill -0 "$p" 2>/dev/null && alive+=("$p"); done
    [ ${#alive[@]} -gt 0 ] || return 0
    [ $SECONDS -lt $deadline ] || break
    sleep 0.1
  done
  kill -KILL "${alive[@]}" 2>/dev/null || true
}

slurmd_pidfile() { echo "$LAB_DIR/run/slurmd-$1.pid"; }

node_running() { pid_alive "$(slurmd_pidfile "$1")" slurmd >/dev/null; }

node_start() {
  local node=$1 ns; ns=$(netns_of "$node")
  node_running "$node" && return 0
  mkdir -p "$LAB_DIR/spool/$node"
  # nsenter --net, not "ip netns exec": that remounts /sys, and slurmd then fails with "No filesystem mounted on
  # /sys/fs/cgroup". unshare --uts gives the node its own hostname, which jobs print. slurmd daemonizes.
  nsenter --net="/run/netns/$ns" unshare --uts \
    sh -c "hostname $node && exec slurmd -f '$SLURM_CONF' -N $node" >&2 \
    || die "slurmd of $node did not start, see $LAB_DIR/log/slurmd-$node.log"
  wait_for 10 "slurmd of $node to write its pid file" node_running "$node"
}

node_stop() {
  local node=$1 ns pid pids
  ns=$(netns_of "$node")
  if pid=$(pid_alive "$(slurmd_pidfile "$node")" slurmd); then
    kill_and_wait 5 "$pid"
  fi
  # Everything still alive in the node's namespace (slurmstepd, job processes): a power cut takes them too.
  pids=$(ip netns pids "$ns" 2>/dev/null || true)
  # shellcheck disable=SC2086
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  wait_for 5 "the processes of $node to exit" bash -c "[ -z \"\$(ip netns pids '$ns')\" ]"
  rm -f "$(slurmd_pidfile "$node")"
}

write_conf() {
  local i node
  mkdir -p "$LAB_DIR/etc"
  {
    cat <<CONF
# Written by lab/slurm-lab.sh. Every Slurm command needs SLURM_CONF=$SLURM_CONF
ClusterName=cluesslab
SlurmctldHost=$(hostname -s)($PREFIX.1)
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$LAB_DIR/munge/munge.socket
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$LAB_DIR/ctld
SlurmdSpoolDir=$LAB_DIR/spool/%n
SlurmctldPidFile=$LAB_DIR/run/slurmctld.pid
SlurmdPidFile=$LAB_DIR/run/slurmd-%n.pid
SlurmctldLogFile=$LAB_DIR/log/slurmctld.log
SlurmdLogFile=$LAB_DIR/log/slurmd-%n.log
SlurmctldDebug=info
SlurmdDebug=info
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
# Nodes may declare more CPUs and memory than the machine has.
SlurmdParameters=config_overrides
# A node that was DOWN for not responding is IDLE again as soon as its slurmd registers (power-on).
ReturnToService=2
SlurmdTimeout=$SLURMD_TIMEOUT
SlurmctldTimeout=30
MessageTimeout=5
InactiveLimit=0
MinJobAge=300
KillWait=5
Waittime=0
CONF
    [ -z "$SCHED_PARAMS" ] || echo "SchedulerParameters=$SCHED_PARAMS"
    for ((i = 1; i <= NODES; i++)); do
      node=$NODE_PREFIX$i
      echo "NodeName=$node NodeAddr=$(node_ip "$node") CPUs=$NODE_CPUS RealMemory=$NODE_MEM State=UNKNOWN"
    done
    echo "PartitionName=debug Nodes=$NODE_PREFIX[1-$NODES] Default=YES MaxTime=INFINITE State=UP"
  } >"$SLURM_CONF"
}

idle_count() { scontrol -o show nodes 2>/dev/null | grep -c ' State=IDLE ' || true; }
all_idle() { [ "$(idle_count)" = "$NODES" ]; }
ctld_up() { scontrol ping 2>/dev/null | grep -q 'is UP'; }

cmd_up() {
  local n=${1:-3} i node ns
  [[ $n =~ ^[1-9]$ ]] || die "up: the number of nodes must be 1-9, not '$n'"
  [ "$(id -u)" -eq 0 ] || die "up: run as root"
  for p in slurmctld slurmd scontrol sbatch munged mungekey nsenter unshare ip; do
    command -v "$p" >/dev/null || die "up: $p not found (apt-get install slurmctld slurmd slurm-client munge iproute2 util-linux)"
  done
  [ ! -f "$STATE" ] || die "a lab exists in $LAB_DIR; run '$0 down' first"
  mkdir -p "$LAB_DIR"/{run,log,ctld,spool,jobs,munge}
  chmod 755 "$LAB_DIR" "$LAB_DIR/munge"   # munged refuses a socket directory others cannot enter
  NODES=$n
  printf 'PREFIX=%s\nNODE_PREFIX=%s\nNODES=%s\n' "$PREFIX" "$NODE_PREFIX" "$NODES" >"$STATE"

  # A private munged with its own key and socket: the system's munge is never touched. The socket is a file, so
  # every namespace reaches it and one munged serves the controller and all nodes.
  mungekey --create --keyfile="$LAB_DIR/munge/munge.key" 2>/dev/null
  chmod 600 "$LAB_DIR/munge/munge.key"
  munged --socket="$LAB_DIR/munge/munge.socket" --key-file="$LAB_DIR/munge/munge.key" \
    --log-file="$LAB_DIR/munge/munged.log" --pid-file="$LAB_DIR/munge/munged.pid" --seed-file="$LAB_DIR/munge/munged.seed"
  wait_for 10 "munged" pid_alive "$LAB_DIR/munge/munged.pid" munged

  ip link add "$BRIDGE" type bridge
  ip addr add "$PREFIX.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  for ((i = 1; i <= NODES; i++)); do
    node=$NODE_PREFIX$i; ns=$(netns_of "$node")
    ip netns add "$ns"
    ip link add "v$TAG$i" type veth peer name eth0 netns "$ns"
    ip link set "v$TAG$i" master "$BRIDGE" up
    ip -n "$ns" addr add "$(node_ip "$node")/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
    echo "$(node_ip "$node") $node" >>"$LAB_DIR/commandline.hosts"
  done

  write_conf
  slurmctld -f "$SLURM_CONF"
  wait_for 20 "slurmctld to answer (see $LAB_DIR/log/slurmctld.log)" ctld_up
  for node in $(node_names); do node_start "$node"; done
  wait_for 30 "all $NODES nodes IDLE (see $LAB_DIR/log/)" all_idle
  echo "export SLURM_CONF=$SLURM_CONF" >"$LAB_DIR/env"
  log "lab ready: $NODES nodes ($(node_names | tr '\n' ' ')), jobs folder $LAB_DIR/jobs, hosts file $LAB_DIR/commandline.hosts"
  cmd_env
}

cmd_down() {
  local pids=() node ns p link
  # Every daemon at once (slurmd and slurmctld need 1-2 s each to exit on SIGTERM).
  for node in $(node_names); do p=$(pid_alive "$(slurmd_pidfile "$node")" slurmd) && pids+=("$p"); done
  p=$(pid_alive "$LAB_DIR/run/slurmctld.pid" slurmctld) && pids+=("$p")
  p=$(pid_alive "$LAB_DIR/munge/munged.pid" munged) && pids+=("$p")
  kill_and_wait 10 "${pids[@]}"
  # Namespaces by this lab's tag, so a partial up (no state file yet) is cleaned up too.
  for ns in $(ip netns list | awk '{print $1}' | grep -E "^csl-$TAG-" || true); do
    p=$(ip netns pids "$ns" 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -z "$p" ] || kill -KILL $p 2>/dev/null || true
    ip netns del "$ns"
  done
  for link in $(ip -o link show type veth | awk -F'[ :@]+' '{print $2}' | grep -E "^v$TAG[0-9]+$" || true); do
    ip link del "$link" 2>/dev/null || true
  done
  ! ip link show "$BRIDGE" >/dev/null 2>&1 || ip link del "$BRIDGE"
  rm -rf "$LAB_DIR"
  log "down"
}

cmd_env() { echo "export SLURM_CONF=$SLURM_CONF"; }

command=${1:-}
[ $# -eq 0 ] || shift
case "$command" in
  up) cmd_up "$@" ;;
  down) cmd_down ;;
  node-start) [ $# -eq 1 ] || die "usage: $0 node-start NODE"; require_node "$1"; node_start "$1" ;;
  node-stop) [ $# -eq 1 ] || die "usage: $0 node-stop NODE"; require_node "$1"; node_stop "$1" ;;
  node-status)
    [ $# -eq 1 ] || die "usage: $0 node-status NODE"; require_node "$1"
    if node_running "$1"; then echo Running; else echo Stopped; fi ;;
  nodes) node_names ;;
  env) [ -f "$STATE" ] || die "no lab in $LAB_DIR"; cmd_env ;;
  *) die "usage: $0 up N | down | node-start NODE | node-stop NODE | node-status NODE | nodes | env" ;;
esac
