#!/usr/bin/env bash
# Installs what kitwatch needs to build and test, from Debian 12 packages only.
# Idempotent: when everything is present it installs nothing and says so.
# Why each package: docs/dependencies.md.
set -euo pipefail

packages=(
  make                                                  # kitwatch-dev and CI hand over to the Makefile; a minimal Debian has no make
  ca-certificates                                       # npm ci fetches over https; a minimal Debian has no CA certificates
  build-essential cmake ninja-build ccache pkg-config   # toolchain
  libfmt-dev nlohmann-json3-dev libyaml-cpp-dev libcli11-dev  # engine and CLI
  libre2-dev libicu-dev                                  # model patterns (RE2), name normalisation (ICU NFKC)
  libsqlite3-dev                                        # the snapshot store (kitwatch snapshot, history)
  libsodium-dev                                         # operator returns: SHA-256 digests, Ed25519 signatures; server: Argon2id
  libcpp-httplib-dev openssl                            # kitwatch serve: the HTTP server (cpp-httplib); openssl makes the TLS test's certificate
  coinor-libcbc-dev                                     # kitwatch plan: the MILP solver (COIN-OR CBC)
  libpqxx-dev postgresql                                # kitwatch serve --db postgresql://; a throwaway server for its tests
  libgtest-dev libbenchmark-dev                         # tests and benchmarks
  ieee-data                                             # IEEE MAC registry (MA-L/MA-M/MA-S)
  python3 python3-jsonschema                            # JSON report schema check in the tests
  clang-format                                          # the formatting gate in CI
  chromium fonts-dejavu-core                            # the HTML report's browser test (headless)
  python3-pandas python3-numpy python3-networkx python3-igraph time  # bench/compare.sh (test bench_compare_small)
)
# node and npm fetch the HTML report's npm packages (web/package-lock.json). Debian's, unless a
# node with npm is already installed (NodeSource's nodejs bundles npm and conflicts with Debian's).
if ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi

# `npm ci` in web/ when its node_modules is missing or older than the lock file.
web_packages() {
  local web
  web="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/web"
  if [ ! -f "$web/node_modules/.package-lock.json" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
    echo "install-deps: npm ci in $web"
    (cd "$web" && npm ci --no-audit --no-fund)
  fi
}

# `npm ci` in bench/compare/ (DuckDB for bench/compare.sh), on the same condition as web/.
bench_packages() {
  local dir
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/bench/compare"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "install-deps: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
}

# `install-deps.sh --bench` adds what the side-by-side benchmarks compare against.
if [ "${1:-}" = "--bench" ]; then
  packages+=(python3-networkx python3-igraph python3-numpy)
fi
# `install-deps.sh --fuzz` adds clang and its runtime for libFuzzer.
if [ "${1:-}" = "--fuzz" ]; then
  packages+=(clang libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  web_packages
  bench_packages
  exit 0
fi

# apt-get needs root: as root it runs directly, otherwise through sudo. A minimal Debian has no
# sudo, and calling it there would only fail with "sudo: command not found", so say what to do.
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-deps: error: missing ${missing[*]}; installing them needs root, and you are not" \
      "root and sudo is not installed. Run this once as root (su -c scripts/install-deps.sh)," \
      "or install sudo and give your user sudo rights." >&2
    exit 1
  fi
  sudo_cmd=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
web_packages
bench_packages
