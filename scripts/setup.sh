#!/usr/bin/env bash
# Set up on a fresh machine (Python 3.11 + pip): a .venv with the project installed.
# With --test: also the test extras, and Debian's chromium + CJK fonts for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
with_tests=0
[[ "${1:-}" == "--test" ]] && with_tests=1

if [[ $with_tests == 1 ]] && { ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; }; then
  if [[ $(id -u) == 0 ]]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
  else
    echo "note: chromium/fonts-noto-cjk missing and not root: the browser tests will be skipped" >&2
  fi
fi

[[ -x .venv/bin/python ]] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [[ $with_tests == 1 ]]; then
  .venv/bin/python -m pip install -q -e ".[test]"
else
  .venv/bin/python -m pip install -q -e .
fi
