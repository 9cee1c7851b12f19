#!/usr/bin/env bash
# Runs the whole test suite (unit, integration and end-to-end) and prints the totals as "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
results="$(pwd)/TestResults"
rm -rf "$results"
dotnet build Clues.sln -c Release -warnaserror
build=$?
if [ $build -ne 0 ]; then echo "0 passed, 1 failed"; exit $build; fi
dotnet test Clues.Tests/Clues.Tests.csproj -c Release --no-build --logger "trx;LogFileName=results.trx" \
  --results-directory "$results" "$@"
status=$?
trx="$results/results.trx"
if [ -f "$trx" ]; then
  passed=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
  failed=$(grep -o 'failed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
  echo "${passed:-0} passed, ${failed:-0} failed"
else
  echo "0 passed, 0 failed"
  [ $status -eq 0 ] && status=1
fi
exit $status
