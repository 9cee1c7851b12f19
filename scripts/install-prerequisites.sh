#!/usr/bin/env bash
# Installs the Debian packages the tests use: a real dockerd for the Swarm lab, busybox for the lab's image,
# iproute2 for network namespaces, chromium for the status page test, openssl for the TLS engine test, Slurm and
# munge for the Slurm lab, and the Debian package's tools (lintian, systemd's systemd-analyze, binutils' strip for
# scripts/package-deb.sh); then restores the NuGet packages. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(docker.io busybox-static iproute2 util-linux sqlite3 chromium openssl slurmctld slurmd slurm-client munge lintian systemd binutils)
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
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
dotnet restore Clues.sln
