#!/bin/sh
# Installs the Debian packages styr needs to build and test, when any is missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.
#   sh tools/install-deps.sh         what make, make run and make test need
#   sh tools/install-deps.sh fuzz    and clang with libFuzzer, for make fuzz
set -eu

PACKAGES="flex bison libgccjit-12-dev libcriterion-dev pkg-config libxlsxwriter-dev chromium unzip python3 python3-venv python3-pandas sqlite3 libsqlite3-dev valgrind"
if [ "${1:-}" = fuzz ]; then PACKAGES="$PACKAGES clang-14 libclang-rt-14-dev"; fi

missing=""
for pkg in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    echo "styr: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq $missing
else
    echo "styr: these Debian packages are missing:$missing" >&2
    echo "styr: install them with:" >&2
    echo "    sudo apt-get install -y$missing" >&2
    exit 1
fi
