#!/usr/bin/env bash
# A real multi-node Docker Swarm on one machine: one bridge on the host (PREFIX.1), a manager and N workers,
# each a dockerd in its own network namespace and UTS namespace (facts in lab/README.md).
#
#   swarm-lab.sh up N          build the lab, print the manager's DOCKER_HOST
#   swarm-lab.sh down          tear everything down (idempotent, also after a partial up)
#   swarm-lab.sh node-stop W   stop worker W's dockerd ("power off"), wait until it has exited
#   swarm-lab.sh node-start W  start it again with the same data-root ("power on"; it rejoins)
#   swarm-lab.sh node-status W print Running, Stopping (a stop was begun, its dockerd has not exited yet) or Stopped
#   swarm-lab.sh nodes         list worker names
#   swarm-lab.sh env           print "export DOCKER_HOST=unix://..." for the manager
#
# Environment: LAB_DIR (state, default /tmp/clues-lab), LAB_SUBNET_PREFIX (default 10.231.0; the lab uses
# PREFIX.0/24: host bridge PREFIX.1, manager PREFIX.2, worker i PREFIX.(10+i)). The manager's API is the unix
# socket $LAB_DIR/manager/docker.sock and tcp://PREFIX.2:2375. Runs as root. Every wait has a deadline.
set -euo pipefail

LAB_DIR=${LAB_DIR:-/tmp/clues-lab}
STATE="$LAB_DIR/lab.env"
if [ -f "$STATE" ]; then
  # The prefix the lab was built with wins, so "down" cleans up what "up" made.
  # shellcheck disable=SC1090
  . "$STATE"
fi
PREFIX=${PREFIX:-${LAB_SUBNET_PREFIX:-10.231.0}}
TAG=$(printf '%s' "$PREFIX" | md5sum | cut -c1-6)
BRIDGE="clb$TAG"
NETNS_PREFIX="clab-$TAG"
MANAGER_DIR="$LAB_DIR/manager"
ENGINE_FLAGS=(--bridge none --iptables=false --ip-masq=false)

die() { echo "swarm-lab: $*" >&2; exit 1; }
log() { echo "swarm-lab: $*" >&2; }

# wait_for SECONDS DESCRIPTION COMMAND... : polls every 0.5 s until COMMAND succeeds.
wait_for() {
  local timeout=$1 what=$2; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "timed out after ${timeout}s waiting for $what"
    sleep 0.5
  done
}

worker_name() { printf 'worker-%02d' "$1"; }
worker_line() { worker_name "$1"; echo; }
worker_dir() { echo "$LAB_DIR/$1"; }
worker_index() { local n=${1#worker-}; echo $((10#$n)); }
worker_names() { [ -f "$STATE" ] || return 0; local i; for ((i = 1; i <= WORKERS; i++)); do worker_line "$i"; done; }
# The names are read whole first: "worker_names | grep -q" under pipefail fails when grep exits at its match
# before the last name is written (SIGPIPE), which a loaded machine makes happen now and then.
require_worker() {
  local names; names=$(worker_names)
  grep -qxF -- "$1" <<<"$names" || die "no worker named '$1' (workers: $(tr '\n' ' ' <<<"$names"))"
}

pid_alive() { [ -f "$1/docker.pid" ] && kill -0 "$(cat "$1/docker.pid")" 2>/dev/null; }

engine_ready() { docker -H "unix://$1/docker.sock" version --format '{{.Server.Version}}'; }

# The manager has its own namespace too: a manager in the host namespace would share ports 2377/4789 and
# docker_gwbridge with any other Swarm on the machine (another lab binds *:2377).
node_ip() { if [ "$1" = manager ]; then echo "$PREFIX.2"; else echo "$PREFIX.$((10 + $(worker_index "$1")))"; fi; }

add_namespace() {
  local name=$1 index=$2 ns="$NETNS_PREFIX-$1" host_if="v$TAG$2" ns_if="n$TAG$2"
  ip netns add "$ns"
  ip link add "$host_if" type veth peer name "$ns_if"
  ip link set "$ns_if" netns "$ns"
  ip link set "$host_if" master "$BRIDGE" up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$(node_ip "$name")/24" dev "$ns_if"
  ip -n "$ns" link set "$ns_if" up
  # No default route on purpose: a Swarm worker tries to pull every task's image first, and with a route it
  # waits ~20 s for DNS to time out; without one the pull fails at once and the local image is used.
}

start_engine() {
  local name=$1 dir ip
  if [ "$name" = manager ]; then dir=$MANAGER_DIR; else dir=$(worker_dir "$name"); fi
  ip=$(node_ip "$name")
  mkdir -p "$dir"
  rm -f "$dir/docker.pid"
  # nsenter, not "ip netns exec": the latter remounts /sys and dockerd then fails (devices cgroup).
  nsenter --net="/var/run/netns/$NETNS_PREFIX-$name" unshare --uts sh -c \
    "hostname $name; exec dockerd --host unix://$dir/docker.sock --host tcp://$ip:2375 --data-root $dir/data --exec-root $dir/exec --pidfile $dir/docker.pid ${ENGINE_FLAGS[*]}" \
    >>"$dir/dockerd.log" 2>&1 &
}

make_image_tar() {
  local root="$LAB_DIR/busybox-root" bb
  bb=$(command -v busybox) || die "busybox not found (apt-get install busybox-static)"
  rm -rf "$root"; mkdir -p "$root/bin" "$root/tmp" "$root/etc"
  cp "$bb" "$root/bin/busybox"
  for cmd in sh sleep echo cat ls true false wc head tail yes dd seq env printf grep sed hostname id date; do
    ln -sf busybox "$root/bin/$cmd"
  done
  tar -C "$root" -cf "$LAB_DIR/busybox.tar" .
}

stop_engine() {
  local dir=$1 pid
  [ -f "$dir/docker.pid" ] || return 0
  pid=$(cat "$dir/docker.pid")
  if kill -0 "$pid" 2>/dev/null; then
    # Marks the stop as begun: if this script is killed now, dockerd still exits a few seconds later, and
    # node-status says Stopping until then rather than Running.
    touch "$dir/stopping"
    kill "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 40))
    while kill -0 "$pid" 2>/dev/null; do
      if [ $SECONDS -ge $deadline ]; then
        log "dockerd $pid ($dir) did not exit in 40s; killing it"
        kill -9 "$pid" 2>/dev/null || true
        sleep 1
        break
      fi
      sleep 0.3
    done
  fi
  rm -f "$dir/docker.pid" "$dir/stopping"
}

cmd_up() {
  local n=${1:-}
  [[ "$n" =~ ^[1-9][0-9]?$ ]] || die "usage: swarm-lab.sh up N (1..99 workers)"
  [ "$(id -u)" -eq 0 ] || die "must run as root"
  for p in dockerd docker nsenter unshare ip busybox; do command -v "$p" >/dev/null || die "'$p' not found"; done
  [ ! -f "$STATE" ] || die "a lab already exists in $LAB_DIR; run 'swarm-lab.sh down' first"
  ip link show "$BRIDGE" >/dev/null 2>&1 && die "bridge $BRIDGE already exists (another lab on $PREFIX.0/24?)"
  mkdir -p "$LAB_DIR"
  printf 'PREFIX=%s\nWORKERS=%s\n' "$PREFIX" "$n" >"$STATE"
  WORKERS=$n

  ip link add "$BRIDGE" type bridge
  ip addr add "$PREFIX.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  local i name
  add_namespace manager 00
  for ((i = 1; i <= n; i++)); do add_namespace "$(worker_name "$i")" "$(printf '%02d' "$i")"; done

  make_image_tar
  start_engine manager
  for ((i = 1; i <= n; i++)); do start_engine "$(worker_name "$i")"; done
  wait_for 60 "the manager's dockerd" engine_ready "$MANAGER_DIR"
  for ((i = 1; i <= n; i++)); do
    name=$(worker_name "$i")
    wait_for 60 "dockerd of $name" engine_ready "$(worker_dir "$name")"
  done

  local pids=()
  docker -H "unix://$MANAGER_DIR/docker.sock" import "$LAB_DIR/busybox.tar" local/busybox:latest >/dev/null & pids+=($!)
  for ((i = 1; i <= n; i++)); do
    docker -H "unix://$(worker_dir "$(worker_name "$i")")/docker.sock" import "$LAB_DIR/busybox.tar" local/busybox:latest >/dev/null & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || die "importing local/busybox:latest failed"; done

  local mgr="unix://$MANAGER_DIR/docker.sock"
  timeout 60 docker -H "$mgr" swarm init --advertise-addr "$PREFIX.2" --listen-addr "$PREFIX.2:2377" >/dev/null \
    || die "swarm init failed (see $MANAGER_DIR/dockerd.log)"
  local token
  token=$(docker -H "$mgr" swarm join-token -q worker)
  for ((i = 1; i <= n; i++)); do
    name=$(worker_name "$i")
    timeout 60 docker -H "unix://$(worker_dir "$name")/docker.sock" swarm join --token "$token" \
      --advertise-addr "$PREFIX.$((10 + i))" "$PREFIX.2:2377" >/dev/null \
      || die "$name could not join the swarm (see $(worker_dir "$name")/dockerd.log)"
  done
  docker -H "$mgr" node update --availability drain "$(docker -H "$mgr" info --format '{{.Swarm.NodeID}}')" >/dev/null
  wait_for 90 "$n workers Ready in the swarm" workers_ready "$n"
  log "lab up: manager + $n workers on $PREFIX.0/24 (bridge $BRIDGE)"
  echo "DOCKER_HOST=$mgr"
}

workers_ready() {
  local ready
  ready=$(docker -H "unix://$MANAGER_DIR/docker.sock" node ls --filter role=worker --format '{{.Status}}' | grep -c '^Ready$')
  [ "$ready" -ge "$1" ]
}

cmd_down() {
  local dir
  for dir in "$LAB_DIR"/worker-* "$MANAGER_DIR"; do
    [ -d "$dir" ] && stop_engine "$dir"
  done
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$NETNS_PREFIX-" || true); do
    ip netns del "$ns" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  if [ -d "$LAB_DIR" ]; then
    awk -v d="$LAB_DIR/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
    rm -rf "$LAB_DIR"
  fi
  log "lab down"
}

cmd_node_stop() {
  require_worker "$1"
  stop_engine "$(worker_dir "$1")"
}

cmd_node_start() {
  require_worker "$1"
  local dir; dir=$(worker_dir "$1")
  # A stop begun earlier (by a stop that was cut short) ends first; a dockerd on its way out cannot be reused.
  if pid_alive "$dir" && [ -f "$dir/stopping" ]; then stop_engine "$dir"; fi
  if pid_alive "$dir"; then return 0; fi
  rm -f "$dir/stopping"
  start_engine "$1"
  wait_for 60 "dockerd of $1" engine_ready "$dir"
}

cmd_node_status() {
  require_worker "$1"
  local dir; dir=$(worker_dir "$1")
  if ! pid_alive "$dir"; then echo Stopped; elif [ -f "$dir/stopping" ]; then echo Stopping; else echo Running; fi
}

case "${1:-}" in
  up) cmd_up "${2:-}" ;;
  down) cmd_down ;;
  node-stop) [ -n "${2:-}" ] || die "usage: node-stop NAME"; cmd_node_stop "$2" ;;
  node-start) [ -n "${2:-}" ] || die "usage: node-start NAME"; cmd_node_start "$2" ;;
  node-status) [ -n "${2:-}" ] || die "usage: node-status NAME"; cmd_node_status "$2" ;;
  nodes) worker_names ;;
  env) [ -f "$STATE" ] || die "no lab in $LAB_DIR"; echo "export DOCKER_HOST=unix://$MANAGER_DIR/docker.sock" ;;
  *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
