# tools/prerequisites.sh: what ./run.sh and ./test.sh need on a Debian machine, installed through apt when running
# as root, otherwise named in the exact command to run. Sourced; the caller defines say, die, IS_ROOT, APT_UPDATED
# and SCRIPT_NAME.

apt_install() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    say "apt-get update"
    apt-get update -qq
    APT_UPDATED=1
  fi
  say "apt-get install -y $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

need_dotnet() {
  if command -v dotnet >/dev/null 2>&1 && dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then return; fi
  cat >&2 <<EOF
$SCRIPT_NAME: error: the .NET 10 SDK is required ("dotnet" with a 10.x SDK was not found).
Debian's own package archive does not have it, so apt-get cannot install it here. Install it with
Microsoft's install script (no root needed):

    curl -fsSL https://dot.net/v1/dotnet-install.sh -o /tmp/dotnet-install.sh
    bash /tmp/dotnet-install.sh --channel 10.0 --install-dir "\$HOME/.dotnet"
    export DOTNET_ROOT="\$HOME/.dotnet" PATH="\$HOME/.dotnet:\$PATH"

or set up Microsoft's apt repository: https://learn.microsoft.com/dotnet/core/install/linux-debian
Then run this script again.
EOF
  exit 1
}

need_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if [ "$IS_ROOT" -eq 1 ]; then apt_install nodejs npm
    else die "Node.js 20+ and npm are required. Install them: sudo apt-get install -y nodejs npm"; fi
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 20 ] || die "Node.js $(node --version) is too old: tools/dev-idp (oidc-provider 9) needs Node 20 or later. Debian 12's nodejs is 18; use Debian 13, or Node.js 20+ from nodejs.org."
}

need_postgres_binaries() {
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then return; fi
  if [ "$IS_ROOT" -eq 1 ]; then apt_install postgresql
  else die "the PostgreSQL server binaries are required. Install them: sudo apt-get install -y postgresql"; fi
}

# The browser tests drive Chromium's headless shell: the same Blink, without the full browser behind it, for well under
# half the CPU of a headless full Chromium over the suite's browser tests (the suite is CPU-bound on 2 cores).
need_chromium() {
  [ -x /usr/lib/chromium/chromium-headless-shell ] && return
  if [ "$IS_ROOT" -eq 1 ]; then apt_install chromium-headless-shell
  elif [ -x /usr/bin/chromium ]; then say "using the full Chromium, which is slower: sudo apt-get install -y chromium-headless-shell"
  else die "Chromium is required for the browser tests. Install it: sudo apt-get install -y chromium-headless-shell"; fi
}

need_pgbouncer() {
  # Debian installs it to /usr/sbin, which is not on every user's PATH.
  if [ -x /usr/sbin/pgbouncer ] || command -v pgbouncer >/dev/null 2>&1; then return; fi
  if [ "$IS_ROOT" -eq 1 ]; then apt_install pgbouncer
  else die "PgBouncer is required for the transaction-pooling tests. Install it: sudo apt-get install -y pgbouncer"; fi
}

# Debian's docker-compose (Compose 1.29): the suite validates docker-compose.yml with `docker-compose config`. No
# Docker engine is needed for that.
need_docker_compose() {
  command -v docker-compose >/dev/null 2>&1 && return
  if [ "$IS_ROOT" -eq 1 ]; then apt_install docker-compose
  else die "docker-compose is required to check docker-compose.yml. Install it: sudo apt-get install -y docker-compose"; fi
}
