#!/bin/sh
# Runs the OpenAPI oracle (validate-log.mjs) for CTest.
#   sh oracle.sh OPENAPI_JSON LOG_JSONL                     every response must match
#   sh oracle.sh --must-fail REGEX OPENAPI_JSON LOG_JSONL   the oracle must refuse it, saying REGEX
# The second form proves the oracle catches what it is meant to: a check that passed
# everything would fail there.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
must_fail=""
if [ "${1:-}" = "--must-fail" ]; then
  must_fail=$2
  shift 2
fi
command -v node >/dev/null || { echo "oracle: no node (sh scripts/install-deps.sh --test)"; exit 1; }
[ -d "$here/node_modules/ajv" ] && [ -d "$here/node_modules/@seriousme/openapi-schema-validator" ] ||
  { echo "oracle: tests/openapi/node_modules is missing (sh scripts/install-test-tools.sh)"; exit 1; }
if [ -z "$must_fail" ]; then
  exec node "$here/validate-log.mjs" "$@"
fi
status=0
out=$(node "$here/validate-log.mjs" "$@" 2>&1) || status=$?
printf '%s\n' "$out"
if [ "$status" -ne 1 ]; then
  echo "oracle: expected the oracle to refuse this log (exit 1), it exited $status"
  exit 1
fi
if ! printf '%s\n' "$out" | grep -Eq -- "$must_fail"; then
  echo "oracle: it refused the log, but without saying: $must_fail"
  exit 1
fi
echo "oracle: refused, as it must"
