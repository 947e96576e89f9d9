#!/usr/bin/env bash
# Installs the Python peers into Benchmarks/peers/.venv (pip only) and Debian's xmllint.
# Idempotent: a second run only checks. Usage: Benchmarks/peers/install.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"
if ! command -v xmllint >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq libxml2-utils >/dev/null
    else
        echo "install xmllint: apt-get install libxml2-utils" >&2; exit 1
    fi
fi
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import lxml, scipy, numpy, ortools, networkx, matching" 2>/dev/null; then
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
fi
"$venv/bin/python" - <<'PY'
import importlib.metadata as m
print(" ".join(f"{p}=={m.version(p)}" for p in ["lxml", "scipy", "numpy", "ortools", "networkx", "matching"]))
PY
