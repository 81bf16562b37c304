#!/bin/sh
# Installs the Debian packages `make bench` runs its peers with, when any is missing:
# sqlite3, mawk, gawk, GNU time (/usr/bin/time, for peak memory) and python3-pandas.
# As root it runs apt-get; otherwise it prints the exact command and fails, like
# tools/install-deps.sh. python3-pandas is optional: when it cannot be installed the
# pandas peer is skipped with a note, so its absence does not fail this script.
# DuckDB is not a Debian package: bench/run.sh installs its npm package into bench/.peers.
set -eu

REQUIRED="sqlite3 mawk gawk time"
OPTIONAL="python3-pandas"

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=""
for pkg in $REQUIRED; do
    is_installed "$pkg" || missing="$missing $pkg"
done
missing_opt=""
for pkg in $OPTIONAL; do
    is_installed "$pkg" || missing_opt="$missing_opt $pkg"
done
[ -z "$missing$missing_opt" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    if [ -n "$missing" ]; then
        echo "bench: installing$missing" >&2
        apt-get install -y -qq $missing
    fi
    if [ -n "$missing_opt" ]; then
        echo "bench: installing$missing_opt (optional)" >&2
        apt-get install -y -qq $missing_opt || echo "bench: could not install$missing_opt; that peer is skipped" >&2
    fi
else
    if [ -n "$missing_opt" ]; then
        echo "bench: optional Debian packages missing:$missing_opt (that peer is skipped)" >&2
        echo "bench: install them with:" >&2
        echo "    sudo apt-get install -y$missing_opt" >&2
    fi
    if [ -n "$missing" ]; then
        echo "bench: these Debian packages are missing:$missing" >&2
        echo "bench: install them with:" >&2
        echo "    sudo apt-get install -y$missing" >&2
        exit 1
    fi
fi
