#!/usr/bin/env bash
# Installs the Debian packages sealedcookie needs, only those that are missing.
# Usage: scripts/deps.sh            (as root, or with sudo available)
set -euo pipefail

packages=(
  build-essential cmake pkg-config clang libclang-rt-dev
  php8.2-dev php8.2-cli php8.2-cgi php8.2-fpm
  libsodium-dev zlib1g-dev googletest libgtest-dev libbenchmark-dev
  nginx-light memcached redis-server php-memcached php-redis
  valgrind wrk curl procps libapache2-mod-php8.2
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: installed ${#missing[@]} packages"
