#!/usr/bin/env bash
# A real Grid Engine (Son of Grid Engine 8.1.9, Debian's gridengine-* packages) cluster on one machine: one
# sge_qmaster on the host, and N execution hosts, each an sge_execd in its own network, UTS and mount namespace.
#
#   sge-lab.sh up N           build the lab (N hosts, 1-9, all running), print the "export SGE_..." line
#   sge-lab.sh down           tear everything down (idempotent, also after a partial up)
#   sge-lab.sh node-stop H    stop host H's execd and every process in its namespace ("power off")
#   sge-lab.sh node-start H   start its execd again ("power on"; it reports its load within a second)
#   sge-lab.sh node-status H  print Running or Stopped (exit 0 either way)
#   sge-lab.sh nodes          list host names
#   sge-lab.sh env            print "export SGE_ROOT=... SGE_CELL=... SGE_QMASTER_PORT=... SGE_EXECD_PORT=..."
#
# Environment: LAB_DIR (state, default /tmp/clues-sge-lab), LAB_SUBNET_PREFIX (default 10.234.0; the lab uses
# PREFIX.0/24: the qmaster answers on PREFIX.1 on the host bridge, host i is PREFIX.(10+i)), NODE_PREFIX (host and
# namespace names, default sgelab: sgelab1..sgelabN), NODE_SLOTS (slots of all.q on each host, default 2),
# QMASTER_PORT / EXECD_PORT (default 16444 / 16445, so a system Grid Engine on 6444/6445 is never touched).
# Runs as root; needs gridengine-master, gridengine-exec, gridengine-client, iproute2 and util-linux (mount
# namespaces). One lab per LAB_DIR. Every wait has a deadline.
#
# Names: Grid Engine resolves every peer's address to a name and refuses names it cannot resolve. The machine's
# /etc/hosts is not edited: the qmaster and each execd run in a mount namespace that sees a lab hosts file at
# /etc/hosts. The qmaster keeps the machine's host name (so qstat, qsub and qhost run on the host as they are);
# inside the lab that name means PREFIX.1.
#
# The node commands print nothing on standard output: CLUES' commandline power manager reads a one-word output as
# the name of the node actually switched.
set -euo pipefail

LAB_DIR=${LAB_DIR:-/tmp/clues-sge-lab}
STATE="$LAB_DIR/lab.env"
if [ -f "$STATE" ]; then
  # The values the lab was built with win, so "down" and the node commands act on what "up" made.
  # shellcheck disable=SC1090
  . "$STATE"
fi
PREFIX=${PREFIX:-${LAB_SUBNET_PREFIX:-10.234.0}}
NODE_PREFIX=${NODE_PREFIX:-sgelab}
NODE_SLOTS=${NODE_SLOTS:-2}
QMASTER_PORT=${QMASTER_PORT:-16444}
EXECD_PORT=${EXECD_PORT:-16445}
TAG=$(printf '%s' "$PREFIX" | md5sum | cut -c1-6)
BRIDGE="cgb$TAG"
export SGE_ROOT="$LAB_DIR/root" SGE_CELL=default SGE_QMASTER_PORT=$QMASTER_PORT SGE_EXECD_PORT=$EXECD_PORT
COMMON="$SGE_ROOT/$SGE_CELL/common"
PATH="$LAB_DIR/bin:$PATH"
MASTER=$(hostname)

die() { echo "sge-lab: $*" >&2; exit 1; }
log() { echo "sge-lab: $*" >&2; }

# wait_for SECONDS DESCRIPTION COMMAND... : polls every 0.2 s until COMMAND succeeds.
wait_for() {
  local timeout=$1 what=$2; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "timed out after ${timeout}s waiting for $what"
    sleep 0.2
  done
}

node_names() { [ -f "$STATE" ] || return 0; local i; for ((i = 1; i <= NODES; i++)); do echo "$NODE_PREFIX$i"; done; }
require_node() {
  local names; names=$(node_names)
  grep -qxF -- "$1" <<<"$names" || die "no node named '$1' (nodes: $(tr '\n' ' ' <<<"$names"))"
}
node_index() { echo "${1#"$NODE_PREFIX"}"; }
node_ip() { echo "$PREFIX.$((10 + $(node_index "$1")))"; }
netns_of() { echo "cge-$TAG-$1"; }

# pid_alive PIDFILE NAME: prints the pid when the file names a live process called NAME (guards against pid reuse).
pid_alive() {
  local pid
  [ -f "$1" ] || return 1
  pid=$(tr -d '[:space:]' <"$1" 2>/dev/null) || return 1
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

qmaster_pidfile() { echo "$LAB_DIR/spool/qmaster/qmaster.pid"; }
execd_pidfile() { echo "$LAB_DIR/spool/execd/$1/execd.pid"; }
node_running() { pid_alive "$(execd_pidfile "$1")" sge_execd >/dev/null; }
qmaster_up() { qconf -sss >/dev/null 2>&1; }

# in_lab_mounts HOSTSFILE COMMAND...: runs COMMAND in a new mount namespace that sees HOSTSFILE as /etc/hosts.
in_lab_mounts() {
  local hosts=$1; shift
  unshare --mount --propagation private sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' "$hosts" "$@"
}

node_start() {
  local node=$1 ns; ns=$(netns_of "$node")
  node_running "$node" && return 0
  # nsenter --net, not "ip netns exec": that remounts /sys. sge_execd daemonizes and writes its pid file.
  nsenter --net="/run/netns/$ns" unshare --uts --mount --propagation private \
    sh -c "hostname $node && mount --bind '$LAB_DIR/hosts.nodes' /etc/hosts && exec /usr/sbin/sge_execd" >&2 \
    || die "sge_execd of $node did not start, see $LAB_DIR/spool/execd/$node/messages"
  wait_for 20 "sge_execd of $node to write its pid file" node_running "$node"
}

node_stop() {
  local node=$1 ns pid pids
  ns=$(netns_of "$node")
  if pid=$(pid_alive "$(execd_pidfile "$node")" sge_execd); then
    # As a shutdown does (the execd's init script): the execd tells the qmaster it goes down, so the host shows
    # no load at once. A killed execd is only noticed after max_unheard and a scheduler pass, 20-30 s.
    qconf -ke "$node" >/dev/null 2>&1 || true
    wait_for 10 "sge_execd of $node to exit" bash -c "! kill -0 $pid" || true
    kill_and_wait 5 "$pid"
  fi
  # Everything still alive in the node's namespace (sge_shepherd, job processes): a power cut takes them too.
  pids=$(ip netns pids "$ns" 2>/dev/null || true)
  # shellcheck disable=SC2086
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  wait_for 5 "the processes of $node to exit" bash -c "[ -z \"\$(ip netns pids '$ns')\" ]"
  rm -f "$(execd_pidfile "$node")"
}

write_hosts() {
  local node
  # The qmaster's view: the machine's own name first, so 127.0.0.1 resolves back to it, then the machine's file.
  {
    echo "127.0.0.1 $MASTER"
    echo "$PREFIX.1 $MASTER"
    for node in $(node_names); do echo "$(node_ip "$node") $node"; done
    grep -v "[[:space:]]$MASTER\([[:space:]]\|\$\)" /etc/hosts || true
  } >"$LAB_DIR/hosts.qmaster"
  # The execution hosts' view: the qmaster's name is the bridge address.
  {
    echo "127.0.0.1 localhost"
    echo "$PREFIX.1 $MASTER"
    for node in $(node_names); do echo "$(node_ip "$node") $node"; done
  } >"$LAB_DIR/hosts.nodes"
}

# write_tools: $LAB_DIR/bin/<tool> for every client command, run in a mount namespace that sees the lab's hosts
# file (Grid Engine clients resolve host names themselves, e.g. "qconf -ae sgelab1" or "qmod -d all.q@sgelab1").
write_tools() {
  local tool
  mkdir -p "$LAB_DIR/bin"
  for tool in qconf qhost qstat qsub qmod qdel qalter qacct qrls qhold qselect; do
    cat >"$LAB_DIR/bin/$tool" <<TOOL
#!/bin/sh
# Written by lab/sge-lab.sh: Grid Engine's $tool with the lab's settings and host names.
export SGE_ROOT='$SGE_ROOT' SGE_CELL='$SGE_CELL' SGE_QMASTER_PORT='$QMASTER_PORT' SGE_EXECD_PORT='$EXECD_PORT'
exec unshare --mount --propagation private sh -c 'mount --bind "\$0" /etc/hosts && exec "\$@"' '$LAB_DIR/hosts.qmaster' /usr/bin/$tool "\$@"
TOOL
    chmod 755 "$LAB_DIR/bin/$tool"
  done
}

write_cell() {
  mkdir -p "$COMMON" "$LAB_DIR/spool/qmaster" "$LAB_DIR/spool/execd" "$LAB_DIR/jobs"
  ln -sfn /usr/share/gridengine/util "$SGE_ROOT/util"
  cat >"$COMMON/bootstrap" <<CONF
# Written by lab/sge-lab.sh
admin_user              none
default_domain          none
ignore_fqdn             true
spooling_method         classic
spooling_lib            libspoolc
spooling_params         $COMMON;$LAB_DIR/spool/qmaster
binary_path             /usr/sbin
qmaster_spool_dir       $LAB_DIR/spool/qmaster
security_mode           none
listener_threads        2
worker_threads          2
scheduler_threads       1
jvm_threads             0
CONF
  echo "$MASTER" >"$COMMON/act_qmaster"
  # A client on the machine reaches the qmaster over loopback, and 127.0.0.1 may resolve to "localhost" first.
  local ip aliases
  ip=$(getent hosts "$MASTER" | awk '{print $1; exit}')
  aliases=$(awk -v ip="${ip:-127.0.0.1}" -v m="$MASTER" '$1 == ip || $1 == "127.0.0.1" { for (i = 2; i <= NF; i++) if ($i != m) print $i }' /etc/hosts | sort -u | tr '\n' ' ')
  echo "$MASTER $aliases" >"$COMMON/host_aliases"
  echo "clues-sge-lab" >"$COMMON/cluster_name"
  printf 'SGE_ROOT=%s; export SGE_ROOT\nSGE_CELL=%s; export SGE_CELL\nSGE_QMASTER_PORT=%s; export SGE_QMASTER_PORT\nSGE_EXECD_PORT=%s; export SGE_EXECD_PORT\n' \
    "$SGE_ROOT" "$SGE_CELL" "$QMASTER_PORT" "$EXECD_PORT" >"$COMMON/settings.sh"
  # The global configuration: Debian's, with the lab's spool, root jobs allowed (min_uid 0) and load reports every
  # second, so a started execd is seen at once.
  sed -e "s|^execd_spool_dir .*|execd_spool_dir        $LAB_DIR/spool/execd|" \
      -e 's|^min_uid .*|min_uid                0|' -e 's|^min_gid .*|min_gid                0|' \
      -e 's|^load_report_time .*|load_report_time       00:00:01|' \
      -e 's|^max_unheard .*|max_unheard            00:00:10|' \
      -e 's|^mailer .*|mailer                 /bin/true|' \
      -e 's|^reporting_params .*|reporting_params       accounting=false reporting=false flush_time=00:00:15 joblog=false sharelog=00:00:00|' \
      /usr/share/gridengine/default-configuration >"$LAB_DIR/global.conf"
  /usr/lib/gridengine/spoolinit classic libspoolc "$COMMON;$LAB_DIR/spool/qmaster" init >&2
  /usr/lib/gridengine/spooldefaults configuration "$LAB_DIR/global.conf" >&2
  /usr/lib/gridengine/spooldefaults complexes /usr/share/gridengine/util/resources/centry >&2
  /usr/lib/gridengine/spooldefaults usersets /usr/share/gridengine/util/resources/usersets >&2
  /usr/lib/gridengine/spooldefaults pes /usr/share/gridengine/util/resources/pe >&2
  /usr/lib/gridengine/spooldefaults managers root >&2
}

# configure_cluster: hosts, the @allhosts group, all.q, and a fast scheduler (a job starts within a second).
configure_cluster() {
  local node f="$LAB_DIR/conf"
  mkdir -p "$f"
  qconf -ah "$MASTER" >&2
  qconf -as "$MASTER" >&2
  for node in $(node_names); do
    printf 'hostname %s\nload_scaling NONE\ncomplex_values NONE\nuser_lists NONE\nxuser_lists NONE\nprojects NONE\nxprojects NONE\nusage_scaling NONE\nreport_variables NONE\n' \
      "$node" >"$f/exec-$node"
    qconf -Ae "$f/exec-$node" >&2
    qconf -as "$node" >&2
  done
  printf 'group_name @allhosts\nhostlist %s\n' "$(node_names | tr '\n' ' ')" >"$f/allhosts"
  qconf -Ahgrp "$f/allhosts" >&2
  qconf -sq all.q >/dev/null 2>&1 && qconf -dq all.q >&2
  {
    qconf -sq 2>/dev/null || true
  } >/dev/null
  cat >"$f/all.q" <<CONF
qname                 all.q
hostlist              @allhosts
seq_no                0
load_thresholds       NONE
suspend_thresholds    NONE
nsuspend              1
suspend_interval      00:05:00
priority              0
min_cpu_interval      00:05:00
processors            UNDEFINED
qtype                 BATCH INTERACTIVE
ckpt_list             NONE
pe_list               make smp mpi
rerun                 FALSE
slots                 $NODE_SLOTS
tmpdir                /tmp
shell                 /bin/sh
prolog                NONE
epilog                NONE
shell_start_mode      posix_compliant
starter_method        NONE
suspend_method        NONE
resume_method         NONE
terminate_method      NONE
notify                00:00:60
owner_list            NONE
user_lists            NONE
xuser_lists           NONE
subordinate_list      NONE
complex_values        NONE
projects              NONE
xprojects             NONE
calendar              NONE
initial_state         default
s_rt                  INFINITY
h_rt                  INFINITY
s_cpu                 INFINITY
h_cpu                 INFINITY
s_fsize               INFINITY
h_fsize               INFINITY
s_data                INFINITY
h_data                INFINITY
s_stack               INFINITY
h_stack               INFINITY
s_core                INFINITY
h_core                INFINITY
s_rss                 INFINITY
h_rss                 INFINITY
s_vmem                INFINITY
h_vmem                INFINITY
CONF
  qconf -Aq "$f/all.q" >&2
  qconf -ssconf >"$f/sched"
  sed -i -e 's|^schedule_interval .*|schedule_interval                 0:0:1|' \
         -e 's|^flush_submit_sec .*|flush_submit_sec                  1|' \
         -e 's|^flush_finish_sec .*|flush_finish_sec                  1|' "$f/sched"
  qconf -Msconf "$f/sched" >&2
}

hosts_reporting() {
  local node
  for node in $(node_names); do
    qhost -h "$node" | awk -v n="$node" '$1 == n && $4 != "-" { found = 1 } END { exit !found }' || return 1
  done
}

cmd_up() {
  local n=${1:-3} i node ns
  [[ $n =~ ^[1-9]$ ]] || die "up: the number of nodes must be 1-9, not '$n'"
  [ "$(id -u)" -eq 0 ] || die "up: run as root"
  for p in /usr/lib/gridengine/sge_qmaster /usr/lib/gridengine/sge_execd /usr/bin/qconf /usr/bin/qhost /usr/bin/qsub nsenter unshare ip; do
    command -v "$p" >/dev/null || die "up: $p not found (scripts/install-prerequisites.sh installs gridengine-master gridengine-exec gridengine-client iproute2 util-linux)"
  done
  [ ! -f "$STATE" ] || die "a lab exists in $LAB_DIR; run '$0 down' first"
  mkdir -p "$LAB_DIR"
  NODES=$n
  printf 'PREFIX=%s\nNODE_PREFIX=%s\nNODES=%s\nQMASTER_PORT=%s\nEXECD_PORT=%s\n' \
    "$PREFIX" "$NODE_PREFIX" "$NODES" "$QMASTER_PORT" "$EXECD_PORT" >"$STATE"

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

  write_hosts
  write_tools
  write_cell
  in_lab_mounts "$LAB_DIR/hosts.qmaster" /usr/sbin/sge_qmaster >&2
  wait_for 30 "sge_qmaster to answer (see $LAB_DIR/spool/qmaster/messages)" qmaster_up
  configure_cluster
  for node in $(node_names); do node_start "$node"; done
  wait_for 60 "all $NODES hosts to report their load (see $LAB_DIR/spool/execd/*/messages)" hosts_reporting
  cmd_env >"$LAB_DIR/env"
  log "lab ready: $NODES hosts ($(node_names | tr '\n' ' ')), jobs folder $LAB_DIR/jobs, hosts file $LAB_DIR/commandline.hosts"
  cmd_env
}

cmd_down() {
  local pids=() node ns p link
  for node in $(node_names); do p=$(pid_alive "$(execd_pidfile "$node")" sge_execd) && pids+=("$p"); done
  p=$(pid_alive "$(qmaster_pidfile)" sge_qmaster) && pids+=("$p")
  kill_and_wait 10 "${pids[@]}"
  # Namespaces by this lab's tag, so a partial up (no state file yet) is cleaned up too.
  for ns in $(ip netns list | awk '{print $1}' | grep -E "^cge-$TAG-" || true); do
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

cmd_env() {
  echo "export SGE_ROOT=$SGE_ROOT SGE_CELL=$SGE_CELL SGE_QMASTER_PORT=$QMASTER_PORT SGE_EXECD_PORT=$EXECD_PORT"
}

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
