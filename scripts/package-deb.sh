#!/usr/bin/env bash
# Builds the Debian package clues_<version>_<arch>.deb: the programs (the daemon, the CLI, docker-wrapper and the
# job wrappers for Slurm, Grid Engine, Torque and OpenNebula) published self-contained under
# /usr/lib/clues (Debian has no .NET runtime package), on the PATH through /usr/bin links, the configuration as
# conffiles under /etc/clues2, systemd units, logrotate rules, man pages and the maintainer scripts of
# packaging/deb. Needs the .NET SDK and dpkg-deb.
#
#   scripts/package-deb.sh [--version V] [--arch ARCH] [--output DIR] [--published DIR]
#
# --version   the Debian version (default: 1.0.0~git<commit date>.<commit>-1)
# --arch      amd64 or arm64 (default: dpkg --print-architecture)
# --output    where the .deb is written (default: ./artifacts)
# --published a folder to publish into, reused when it already holds the programs (tests build once)
# Prints the path of the package on the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

version=""
arch=$(dpkg --print-architecture)
output="$repo/artifacts"
published=""
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version=$2; shift 2 ;;
    --arch) arch=$2; shift 2 ;;
    --output) output=$2; shift 2 ;;
    --published) published=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package-deb: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
case "$arch" in
  amd64) rid=linux-x64 ;;
  arm64) rid=linux-arm64 ;;
  *) echo "package-deb: architecture '$arch' is not supported (amd64, arm64)" >&2; exit 2 ;;
esac
commit_time=$(git log -1 --format=%ct 2>/dev/null || date +%s)
if [ -z "$version" ]; then
  version="1.0.0~git$(date -u -d "@$commit_time" +%Y%m%d).$(git rev-parse --short HEAD)-1"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
published=${published:-$work/publish}
mkdir -p "$published" "$output"

programs=(clues-host clues docker-wrapper clues-slurm-wrapper clues-sge-wrapper clues-pbs-wrapper clues-one-wrapper)
published_all() {
  local p
  for p in "${programs[@]}"; do [ -x "$published/$p" ] || return 1; done
}
if ! published_all; then
  # Self-contained, so the package needs no runtime from outside Debian; not trimmed, because plugin assemblies
  # dropped into /etc/clues2/plugins may use any part of the framework.
  for project in Clues.Host Clues.Cli Clues.DockerWrapper Clues.SlurmWrapper Clues.SgeWrapper Clues.PbsWrapper Clues.OneWrapper; do
    dotnet publish "$project/$project.csproj" -c Release -r "$rid" --self-contained -o "$published" \
      -p:DebugType=none -p:GenerateDocumentationFile=false --nologo -v quiet >&2
  done
fi

root="$work/root"
lib="$root/usr/lib/clues"
doc="$root/usr/share/doc/clues"
install -d "$lib" "$root/usr/bin" "$root/etc/clues2/conf.d" "$root/etc/clues2/plugins" "$root/etc/logrotate.d" \
  "$root/lib/systemd/system" "$root/usr/lib/sysusers.d" "$root/usr/lib/tmpfiles.d" "$root/usr/share/man/man1" "$doc" \
  "$root/usr/share/lintian/overrides" \
  "$root/DEBIAN"
cp -r "$published"/. "$lib"/
# The LTTng tracing provider is optional (the runtime skips it when absent) and would pull in liblttng-ust.
rm -f "$lib/libcoreclrtraceptprovider.so"
# NuGet's SQLite ships with its symbols; the runtime's own libraries come stripped.
strip --strip-unneeded "$lib/libe_sqlite3.so"
find "$lib" -type d -exec chmod 0755 {} +
find "$lib" -type f -exec chmod 0644 {} +
for p in "${programs[@]}"; do
  chmod 0755 "$lib/$p"
  ln -s "../lib/clues/$p" "$root/usr/bin/$p"
done

install -m 0644 etc/clues2.cfg "$root/etc/clues2/clues2.cfg"
install -m 0644 etc/conf.d/*.cfg "$root/etc/clues2/conf.d/"
install -m 0644 etc/logrotate/clues-host "$root/etc/logrotate.d/clues-host"
install -m 0644 etc/systemd/clues-host.service etc/systemd/docker-wrapper.service "$root/lib/systemd/system/"
install -m 0644 packaging/deb/clues.sysusers "$root/usr/lib/sysusers.d/clues.conf"
install -m 0644 packaging/deb/clues.tmpfiles "$root/usr/lib/tmpfiles.d/clues.conf"
for page in packaging/deb/man/*.1; do
  gzip -9n < "$page" > "$root/usr/share/man/man1/$(basename "$page").gz"
done
install -m 0644 packaging/deb/copyright "$doc/copyright"
install -m 0644 packaging/deb/lintian-overrides "$root/usr/share/lintian/overrides/clues"
install -m 0644 docs/install.md docs/wrapper-api.md "$doc/"
gzip -9n < README.md > "$doc/README.md.gz"
changed=$(date -u -R -d "@$commit_time")
printf 'clues (%s) unstable; urgency=medium\n\n  * Built from commit %s.\n\n -- %s  %s\n' \
  "$version" "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  "$(sed -n 's/^Maintainer: //p' packaging/deb/control.in)" "$changed" | gzip -9n > "$doc/changelog.Debian.gz"

# Every file under /etc is a conffile: an upgrade keeps the operator's edits.
(cd "$root" && find etc -type f | sort | sed 's|^|/|') > "$root/DEBIAN/conffiles"
install -m 0755 packaging/deb/postinst packaging/deb/prerm packaging/deb/postrm "$root/DEBIAN/"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" packaging/deb/control.in > "$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"

# Reproducible: every file dated at the commit, owned by root.
find "$root" -exec touch -h -d "@$commit_time" {} +
deb="$output/clues_${version#*:}_${arch}.deb"
# gzip -6: xz takes minutes for the runtime on a busy machine, for a package a third smaller.
SOURCE_DATE_EPOCH=$commit_time dpkg-deb --root-owner-group -Zgzip -z6 --build "$root" "$deb" >&2
echo "$deb"
