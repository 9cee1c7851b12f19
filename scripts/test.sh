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
  if [ "$failed" -gt 0 ]; then
    # The console log is long and CI keeps only its tail: repeat each failure, with the start of its message, here.
    echo "Failed tests:"
    python3 - "$trx" <<'PY' || grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | grep -o 'testName="[^"]*"'
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if r.get("outcome") != "Failed":
        continue
    message = r.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=ns)
    print("  " + r.get("testName", "?"))
    for line in message.strip().splitlines()[:6]:
        print("      " + line[:300])
PY
  fi
  echo "$passed passed, $failed failed, $(( total - passed - failed )) skipped"
else
  echo "0 passed, 0 failed"
  [ $status -eq 0 ] && status=1
fi
exit $status
