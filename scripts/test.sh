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
# The timed harnesses (Category=Benchmark) measure and print numbers, they do not gate: they run only when asked
# for, e.g. ./scripts/test.sh --filter Category=Benchmark
filter=()
[ $# -eq 0 ] && filter=(--filter "Category!=Benchmark")
dotnet test Clues.Tests/Clues.Tests.csproj -c Release --no-build --logger "trx;LogFileName=results.trx" \
  --logger "console;verbosity=normal" --results-directory "$results" "${filter[@]}" "$@"
status=$?
trx="$results/results.trx"
if [ -f "$trx" ]; then
  # Counted from the results themselves: a test that neither passed nor failed counts as skipped, whatever the reason.
  outcomes=$(grep -o '<UnitTestResult [^>]*>' "$trx" | grep -o 'outcome="[A-Za-z]*"')
  passed=$(grep -c '"Passed"' <<< "$outcomes")
  failed=$(grep -c '"Failed"' <<< "$outcomes")
  total=$(grep -c . <<< "$outcomes")
  echo "$passed passed, $failed failed, $(( total - passed - failed )) skipped"
else
  echo "0 passed, 0 failed"
  [ $status -eq 0 ] && status=1
fi
exit $status
