#!/usr/bin/env bash
# Installs the Outpost agent from the hub that served this script, as a systemd service (launchd on macOS).
#   curl -fsSL <hub>/install.sh | sudo SEMAPHORE_REGISTRATION_TOKEN=<token> bash    install, or upgrade in place
#   curl -fsSL <hub>/install.sh | sudo bash -s -- --uninstall                       remove the agent and its service
# It reads the variables of Semaphore's install.sh where they apply: SEMAPHORE_ENDPOINT, SEMAPHORE_REGISTRATION_TOKEN,
# SEMAPHORE_AGENT_INSTALLATION_USER, SEMAPHORE_AGENT_NAME, SEMAPHORE_AGENT_NAME_FROM_AWS_STS,
# SEMAPHORE_AGENT_DISCONNECT_AFTER_JOB, SEMAPHORE_AGENT_DISCONNECT_AFTER_IDLE_TIMEOUT, SEMAPHORE_AGENT_SHUTDOWN_HOOK,
# SEMAPHORE_AGENT_SYSTEMD_RESTART, SEMAPHORE_AGENT_SYSTEMD_RESTART_SEC and SEMAPHORE_AGENT_START.
set -euo pipefail

HUB_URL=@HUB_URL@
PTY_PACKAGE=@PTY_PACKAGE@
# Every path below sits under OUTPOST_INSTALL_ROOT when it is set (the installer's tests use a throwaway root).
ROOT="${OUTPOST_INSTALL_ROOT:-}"
DIR=/opt/outpost/agent
UNIT=outpost-agent.service
LABEL=com.outpost.agent

fail() {
  printf 'outpost-agent install: %s\n' "$*" >&2
  exit 1
}

say() { printf '%s\n' "$*"; }

main() {
  local action=install_agent
  case "${1:-}" in
    '') ;;
    --uninstall) action=uninstall_agent ;;
    -h | --help)
      say "Install or upgrade: curl -fsSL $HUB_URL/install.sh | sudo SEMAPHORE_REGISTRATION_TOKEN=<token> bash"
      say "Remove:             curl -fsSL $HUB_URL/install.sh | sudo bash -s -- --uninstall"
      return 0
      ;;
    *) fail "unknown argument '$1'; run it without arguments to install, or with --uninstall to remove the agent" ;;
  esac
  if [ -z "$ROOT" ] && [ "$(id -u)" != 0 ]; then
    fail "run it as root: curl -fsSL $HUB_URL/install.sh | sudo SEMAPHORE_REGISTRATION_TOKEN=<token> bash"
  fi
  detect_platform
  "$action"
}

detect_platform() {
  case "$(uname -s)" in
    Linux) OS=linux ;;
    Darwin) OS=darwin ;;
    *) fail "this script installs the agent on Linux and macOS; on $(uname -s), run Semaphore's official agent (see the install tabs of $HUB_URL)" ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) ARCH=x64 ;;
    aarch64 | arm64) ARCH=arm64 ;;
    *) fail "there is no agent for the $(uname -m) architecture" ;;
  esac
}

service_path() {
  if [ "$OS" = darwin ]; then printf '%s' "$ROOT/Library/LaunchDaemons/$LABEL.plist"; else printf '%s' "$ROOT/etc/systemd/system/$UNIT"; fi
}

install_agent() {
  local dir="$ROOT$DIR" user config upgrade=false
  config="$dir/config.yaml"
  user="${SEMAPHORE_AGENT_INSTALLATION_USER:-${SUDO_USER:-$(id -un)}}"
  id "$user" >/dev/null 2>&1 || fail "the user '$user' does not exist on this machine; set SEMAPHORE_AGENT_INSTALLATION_USER to the user the agent runs as"
  if [ -f "$config" ]; then
    upgrade=true
  else
    [ -n "${SEMAPHORE_REGISTRATION_TOKEN:-}" ] || fail "SEMAPHORE_REGISTRATION_TOKEN is not set: pass the agent type's registration token, as in curl -fsSL $HUB_URL/install.sh | sudo SEMAPHORE_REGISTRATION_TOKEN=<token> bash"
    check_settings
  fi

  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  download_agent
  mkdir -p "$dir"
  place_agent "$dir"
  if [ "$upgrade" = true ]; then
    say "Kept $DIR/config.yaml (remove it first to write a new one)."
  else
    (umask 077 && config_yaml >"$config.new")
    mv -f "$config.new" "$config"
    say "Wrote $DIR/config.yaml."
  fi
  chown -R "$user" "$dir"
  if [ "$OS" = darwin ]; then install_launchd "$user"; else install_systemd "$user"; fi
}

# The single executable when this hub has one for this platform; else the Node.js bundle with a prebuilt PTY.
download_agent() {
  local name="outpost-agent-$OS-$ARCH" status
  status="$(curl -sS -o "$WORK/agent" -w '%{http_code}' "$HUB_URL/downloads/$name")" || fail "could not reach $HUB_URL to download the agent"
  if [ "$status" = 200 ]; then
    verify "$WORK/agent" "$name"
    MODE=executable
    return
  fi
  [ "$status" = 404 ] || fail "$HUB_URL/downloads/$name answered HTTP $status"
  say "This hub has no single executable for $OS-$ARCH; installing the Node.js agent (needs Node.js 20 or newer and npm)."
  command -v node >/dev/null 2>&1 || fail "Node.js is not installed: install Node.js 20 or newer with npm, then run this again"
  command -v npm >/dev/null 2>&1 || fail "npm is not installed: install it with Node.js 20 or newer, then run this again"
  node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || fail "Node.js $(node --version) is too old: the agent needs Node.js 20 or newer"
  curl -fsSL -o "$WORK/agent.mjs" "$HUB_URL/downloads/agent.mjs" || fail "could not download $HUB_URL/downloads/agent.mjs"
  verify "$WORK/agent.mjs" agent.mjs
  MODE=node
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

# Compares a download with the SHA-256 the hub lists for it; a mismatch stops before anything is installed.
verify() {
  local file="$1" name="$2" expected actual
  expected="$(curl -fsSL "$HUB_URL/downloads/$name.sha256" | cut -d' ' -f1)" || fail "could not download $HUB_URL/downloads/$name.sha256"
  actual="$(sha256_of "$file")"
  [ "$actual" = "$expected" ] || fail "the SHA-256 of $name is $actual, but the hub lists $expected: the download was damaged or changed on the way; nothing was installed"
}

place_agent() {
  local dir="$1"
  if [ "$MODE" = executable ]; then
    cp "$WORK/agent" "$dir/agent.new"
    chmod 0755 "$dir/agent.new"
    mv -f "$dir/agent.new" "$dir/agent"
    rm -rf "$dir/agent.mjs" "$dir/node_modules"
    say "Installed $DIR/agent, the single executable for $OS-$ARCH."
    return
  fi
  cp "$WORK/agent.mjs" "$dir/agent.mjs"
  # @lydell/node-pty ships prebuilt PTY binaries for Linux and macOS on x64 and arm64: nothing is compiled.
  (cd "$dir" && npm install --no-save --no-package-lock --no-audit --no-fund --omit=dev "$PTY_PACKAGE" >/dev/null) || fail "npm could not install $PTY_PACKAGE"
  printf '#!/bin/sh\n# Written by the Outpost installer: runs the agent with this Node.js.\nexec %s %s "$@"\n' "$(command -v node)" "$DIR/agent.mjs" >"$dir/agent.new"
  chmod 0755 "$dir/agent.new"
  mv -f "$dir/agent.new" "$dir/agent"
  say "Installed $DIR/agent.mjs and $PTY_PACKAGE, run by $DIR/agent."
}

check_settings() {
  case "${SEMAPHORE_AGENT_DISCONNECT_AFTER_JOB:-false}" in true | false) ;; *) fail "SEMAPHORE_AGENT_DISCONNECT_AFTER_JOB must be true or false" ;; esac
  case "${SEMAPHORE_AGENT_NAME_FROM_AWS_STS:-false}" in true | false) ;; *) fail "SEMAPHORE_AGENT_NAME_FROM_AWS_STS must be true or false" ;; esac
  [[ "${SEMAPHORE_AGENT_DISCONNECT_AFTER_IDLE_TIMEOUT:-0}" =~ ^[0-9]+$ ]] || fail "SEMAPHORE_AGENT_DISCONNECT_AFTER_IDLE_TIMEOUT must be a whole number of seconds"
  [[ "${SEMAPHORE_AGENT_SYSTEMD_RESTART_SEC:-60}" =~ ^[0-9]+$ ]] || fail "SEMAPHORE_AGENT_SYSTEMD_RESTART_SEC must be a whole number of seconds"
}

# YAML double-quoted scalar.
quoted() {
  local text="${1//\\/\\\\}"
  printf '"%s"' "${text//\"/\\\"}"
}

config_yaml() {
  local endpoint="${HUB_URL#*://}" no_https=false
  endpoint="${endpoint%/}"
  case "$HUB_URL" in http://*) no_https=true ;; esac
  if [ -n "${SEMAPHORE_ENDPOINT:-}" ]; then endpoint="$SEMAPHORE_ENDPOINT"; fi
  say "endpoint: $(quoted "$endpoint")"
  say "token: $(quoted "$SEMAPHORE_REGISTRATION_TOKEN")"
  say "no-https: $no_https"
  if [ -n "${SEMAPHORE_AGENT_NAME:-}" ]; then say "name: $(quoted "$SEMAPHORE_AGENT_NAME")"; fi
  if [ "${SEMAPHORE_AGENT_NAME_FROM_AWS_STS:-false}" = true ]; then say "name-from-aws-sts: true"; fi
  say "shutdown-hook-path: $(quoted "${SEMAPHORE_AGENT_SHUTDOWN_HOOK:-}")"
  say "disconnect-after-job: ${SEMAPHORE_AGENT_DISCONNECT_AFTER_JOB:-false}"
  say "disconnect-after-idle-timeout: ${SEMAPHORE_AGENT_DISCONNECT_AFTER_IDLE_TIMEOUT:-0}"
  say "env-vars: []"
  say "files: []"
  say "fail-on-missing-files: false"
}

starts() { [ "${SEMAPHORE_AGENT_START:-true}" != false ]; }

# The installed agent writes its own unit (or plist): their text lives in one place, the agent's unit-files.ts.
write_service() {
  local user="$1" agent=("$ROOT$DIR/agent")
  # The Node.js launcher runs $DIR/agent.mjs without the root prefix; run the bundle directly instead.
  [ "$MODE" = executable ] || agent=(node "$ROOT$DIR/agent.mjs")
  "${agent[@]}" install --service-only --platform "$OS" --dir "$DIR" --user "$user" ${ROOT:+--root "$ROOT"} \
    --restart "${SEMAPHORE_AGENT_SYSTEMD_RESTART:-always}" --restart-sec "${SEMAPHORE_AGENT_SYSTEMD_RESTART_SEC:-60}" >/dev/null ||
    fail "the installed agent could not write its service file (see above)"
}

install_systemd() {
  write_service "$1"
  say "Wrote /etc/systemd/system/$UNIT."
  systemctl daemon-reload
  systemctl enable "$UNIT"
  if starts; then
    systemctl restart "$UNIT"
    say "Started $UNIT. Follow its log with:"
    say "  journalctl -u $UNIT -f"
    say "  (or tail -f $DIR/agent.log)"
  else
    say "Not started (SEMAPHORE_AGENT_START=false); start it with: sudo systemctl start $UNIT"
  fi
}

install_launchd() {
  write_service "$1"
  say "Wrote /Library/LaunchDaemons/$LABEL.plist."
  if starts; then
    launchctl bootout "system/$LABEL" >/dev/null 2>&1 || true
    launchctl bootstrap system "/Library/LaunchDaemons/$LABEL.plist"
    launchctl kickstart -k "system/$LABEL"
    say "Started $LABEL. Follow its log with:"
    say "  tail -f $DIR/agent.log"
  else
    say "Not started (SEMAPHORE_AGENT_START=false); start it with: sudo launchctl bootstrap system /Library/LaunchDaemons/$LABEL.plist"
  fi
}

uninstall_agent() {
  local service
  service="$(service_path)"
  if [ "$OS" = darwin ]; then
    launchctl bootout "system/$LABEL" >/dev/null 2>&1 || true
  elif [ -f "$service" ]; then
    systemctl disable --now "$UNIT" || true
  fi
  rm -f "$service"
  [ "$OS" = darwin ] || systemctl daemon-reload
  rm -rf "$ROOT$DIR"
  rmdir "$ROOT/opt/outpost" 2>/dev/null || true
  say "Removed the Outpost agent: its service and $DIR (with config.yaml and agent.log)."
}

main "$@"
