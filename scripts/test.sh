#!/usr/bin/env bash
# Runs the whole test suite (unit, integration, Docker and end-to-end) and prints the totals as "N passed, N failed".
# Installs what a fresh Debian machine lacks first (needs root for apt); extra arguments go to `dotnet test`,
# e.g. ./scripts/test.sh --filter Category=E2E
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/install-prerequisites.sh || { echo "0 passed, 1 failed"; exit 1; }
results="$(pwd)/TestResults"
rm -rf "$results"
if ! dotnet build Clues.sln -c Release -warnaserror; then
  echo "0 passed, 1 failed"
  exit 1
fi
dotnet test Clues.Tests/Clues.Tests.csproj -c Release --no-build --logger "trx;LogFileName=results.trx" \
  --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?
trx="$results/results.trx"
if [ -f "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  passed=$(echo "$counters" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*')
  failed=$(echo "$counters" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
  inconclusive=$(echo "$counters" | grep -o ' inconclusive="[0-9]*"' | grep -o '[0-9]*')
  notrun=$(echo "$counters" | grep -o ' notExecuted="[0-9]*"' | grep -o '[0-9]*')
  echo "${passed:-0} passed, ${failed:-0} failed, $(( ${inconclusive:-0} + ${notrun:-0} )) skipped"
else
  echo "0 passed, 0 failed"
  [ $status -eq 0 ] && status=1
fi
exit $status
