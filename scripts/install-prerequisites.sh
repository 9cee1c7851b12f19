#!/usr/bin/env bash
# Installs the Debian packages the tests use: a real dockerd for the Swarm lab, busybox for the lab's image,
# iproute2 for network namespaces, chromium for the status page test, openssl for the TLS engine test, Slurm and
# munge for the Slurm lab, Grid Engine for the SGE lab (no cluster set up, no daemon started or enabled: the lab runs
# its own), and the Debian package's tools (lintian, systemd's systemd-analyze, binutils' strip for
# scripts/package-deb.sh), MariaDB for the MariaDb tests (no server started or enabled: the tests start their own mariadbd);
# then restores the NuGet packages. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(docker.io busybox-static iproute2 util-linux sqlite3 chromium openssl slurmctld slurmd slurm-client munge gridengine-master gridengine-exec gridengine-client lintian systemd binutils mariadb-server)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-prerequisites: missing packages ${missing[*]}; run as root" >&2
    exit 1
  fi
  apt-get update -qq
  others=() gridengine=() quiet=()
  for p in "${missing[@]}"; do
    case "$p" in gridengine-*) gridengine+=("$p") ;; mariadb-server) quiet+=("$p") ;; *) others+=("$p") ;; esac
  done
  [ ${#others[@]} -eq 0 ] || apt-get install -y -qq "${others[@]}" >/dev/null
  if [ ${#quiet[@]} -gt 0 ]; then
    # Debian's mariadb-server starts a server on port 3306 while it installs; the tests need none (they start their
    # own): deny service starts while it installs, unless a policy already exists.
    policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      policy=/usr/sbin/policy-rc.d
      printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy"
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${quiet[@]}" >/dev/null || { [ -z "$policy" ] || rm -f "$policy"; exit 1; }
    [ -z "$policy" ] || rm -f "$policy"
  fi
  if [ ${#gridengine[@]} -gt 0 ]; then
    # Debian's packages would set up a cluster in /var/lib/gridengine and start sge_qmaster/sge_execd: answer "no"
    # to the setup, deny service starts while they install (unless a policy already exists), and keep the init
    # scripts from starting anything at boot. lab/sge-lab.sh needs none of it. Note: they depend on libmunge2 (purging
    # munge removes them) and gridengine-client conflicts with torque-client (both ship qsub).
    printf '%s\n' 'gridengine-common shared/gridengineconfig boolean false' \
      'gridengine-common shared/gridenginecell string default' | debconf-set-selections
    policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      policy=/usr/sbin/policy-rc.d
      printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy"
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${gridengine[@]}" >/dev/null || { [ -z "$policy" ] || rm -f "$policy"; exit 1; }
    [ -z "$policy" ] || rm -f "$policy"
    sed -i -e 's/^SGE_START_MASTERD=.*/SGE_START_MASTERD=no/' -e 's/^SGE_START_EXECD=.*/SGE_START_EXECD=no/' /etc/default/gridengine
  fi
fi
dotnet restore Clues.sln
