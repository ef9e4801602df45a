#!/bin/sh
# Installs the npm packages the tests use: the OpenAPI oracle's (tests/openapi:
# @seriousme/openapi-schema-validator, ajv, ajv-formats, all MIT), at the versions
# tests/openapi/package-lock.json pins, into tests/openapi/node_modules (ignored by
# git). Idempotent: npm ci runs only when that tree was not installed from this lock.
# Needs Node.js and npm (sh scripts/install-deps.sh --test).
set -eu
cd "$(dirname "$0")/../tests/openapi"
command -v npm >/dev/null || { echo "install-test-tools: no npm (sh scripts/install-deps.sh --test)" >&2; exit 2; }
if [ -f node_modules/.installed-lock.json ] && cmp -s package-lock.json node_modules/.installed-lock.json; then
  echo "install-test-tools: tests/openapi/node_modules up to date"
  exit 0
fi
echo "install-test-tools: npm ci in tests/openapi"
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
cp package-lock.json node_modules/.installed-lock.json
