/**
 * The `checkout` command a project's jobs source (pure): a bash function, like the toolbox's, that clones
 * $SEMAPHORE_GIT_URL at $SEMAPHORE_GIT_SHA shallowly ($SEMAPHORE_GIT_DEPTH, 50 by default) into $SEMAPHORE_GIT_DIR and
 * leaves the shell in it. It travels inside the job (an injected file and a prologue line), so the official agent runs
 * it unchanged.
 *
 * The repository credential is this job's only: an injected 0600 key file used through GIT_SSH_COMMAND, or a 0600 token
 * file turned into an http.extraHeader passed in git's environment (GIT_CONFIG_*) for the fetch alone — never in a
 * URL, an argument `ps` shows, the repository's config, or an xtrace line. A directory that is already a clone of the
 * project is fetched into and reset; any other non-empty directory is left alone with an error.
 */
export const JOB_FILES_DIR = '.outpost/jobs';

/** Where a job's checkout files live, relative to the agent user's home (where agents put relative file paths). */
export const jobFilesDir = (jobId: string) => `${JOB_FILES_DIR}/${jobId}`;

export const CHECKOUT_SCRIPT = 'checkout.sh';
export const SSH_KEY_FILE = 'git-ssh-key';
export const KNOWN_HOSTS_FILE = 'known_hosts';
export const TOKEN_FILE = 'git-token';
export const TOKEN_USER_FILE = 'git-token-user';

/** The prologue line each project job starts with. */
export const sourceCommand = (jobId: string) => `source ~/${jobFilesDir(jobId)}/${CHECKOUT_SCRIPT}`;
/** The last epilogue line (on pass and on fail): the job's credential files go away with it. */
export const cleanupCommand = (jobId: string) => `rm -rf ~/${jobFilesDir(jobId)}`;

export function checkoutScript(jobId: string, options: { fetchRefs: readonly string[]; strictHostKeys: boolean }): string {
  return [preamble(jobId), gitWithCredentials(options.strictHostKeys), checkoutFunction(options.fetchRefs), CHECKOUT_ENTRY].join('\n');
}

function preamble(jobId: string): string {
  return `# Outpost checkout for job ${jobId} (sourced by the job's first command).
__outpost_job_dir="$HOME/${jobFilesDir(jobId)}"
# Checkout files of jobs that ended without their epilogue (a stop, a lost agent) go after a day.
find "$HOME/${JOB_FILES_DIR}" -mindepth 1 -maxdepth 1 -type d -mmin +1440 -exec rm -rf {} + 2>/dev/null
`;
}

/** git with this job's credential for one command: the key through GIT_SSH_COMMAND, the token as a header in git's environment. */
function gitWithCredentials(strictHostKeys: boolean): string {
  return `__outpost_git() {
  local d="$__outpost_job_dir"
  if [ -f "$d/${SSH_KEY_FILE}" ]; then
    GIT_TERMINAL_PROMPT=0 GIT_SSH_COMMAND="ssh -F /dev/null -i $(printf %q "$d/${SSH_KEY_FILE}") -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=${strictHostKeys ? 'yes' : 'accept-new'} -o UserKnownHostsFile=$(printf %q "$d/${KNOWN_HOSTS_FILE}")" git "$@"
  elif [ -f "$d/${TOKEN_FILE}" ]; then
    local auth
    auth="Authorization: Basic $(printf '%s:%s' "$(cat "$d/${TOKEN_USER_FILE}")" "$(cat "$d/${TOKEN_FILE}")" | base64 | tr -d '\\n')"
    GIT_TERMINAL_PROMPT=0 GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=http.extraHeader GIT_CONFIG_VALUE_0="$auth" git "$@"
  else
    GIT_TERMINAL_PROMPT=0 git "$@"
  fi
}
`;
}

/** Fetch the commit by SHA (protocol v2), else through its ref, deepening until it is there; then check it out. */
function checkoutFunction(fetchRefs: readonly string[]): string {
  const refs = fetchRefs.map((r) => `'${r}'`).join(' ');
  return `__outpost_checkout() {
  local url="$SEMAPHORE_GIT_URL" sha="$SEMAPHORE_GIT_SHA" dir="$SEMAPHORE_GIT_DIR" depth="\${SEMAPHORE_GIT_DEPTH:-50}"
  if [ -z "$url" ] || [ -z "$sha" ] || [ -z "$dir" ]; then
    echo "[CHECKOUT ERROR] SEMAPHORE_GIT_URL, SEMAPHORE_GIT_SHA and SEMAPHORE_GIT_DIR must be set (URL='$url' SHA='$sha' DIR='$dir')" >&2
    return 1
  fi
  if [ "$1" = "--use-cache" ]; then echo "checkout: --use-cache is not supported by Outpost; cloning instead"; fi
  if [ -e "$dir" ] && [ ! -d "$dir/.git" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
    echo "[CHECKOUT ERROR] $dir exists and is not a git repository; remove it or set SEMAPHORE_GIT_DIR" >&2
    return 1
  fi
  [ -d "$dir/.git" ] || git init --quiet -- "$dir" || return 1
  cd "$dir" || return 1
  git remote remove origin >/dev/null 2>&1
  git remote add origin "$url" || return 1
  echo "Fetching $sha from $url (depth $depth)"
  if ! __outpost_git fetch --quiet --no-tags --depth="$depth" origin "$sha" 2>/dev/null; then
    local ref fetched=""
    for ref in ${refs}; do
      if __outpost_git fetch --quiet --no-tags --depth="$depth" origin "+$ref:refs/remotes/origin/outpost-checkout"; then fetched=1; break; fi
    done
    [ -n "$fetched" ] || { echo "[CHECKOUT ERROR] could not fetch from $url" >&2; return 1; }
    local tries=0
    until git cat-file -e "$sha^{commit}" 2>/dev/null || [ "$tries" -ge 5 ]; do
      __outpost_git fetch --quiet --no-tags --deepen=200 origin "+$ref:refs/remotes/origin/outpost-checkout" >/dev/null 2>&1 || __outpost_git fetch --quiet --unshallow origin >/dev/null 2>&1
      tries=$((tries + 1))
    done
  fi
  git cat-file -e "$sha^{commit}" 2>/dev/null || { echo "[CHECKOUT ERROR] commit $sha is not in $url" >&2; return 1; }
  if [ "$SEMAPHORE_GIT_REF_TYPE" = "branch" ] && [ -n "$SEMAPHORE_GIT_BRANCH" ]; then
    git checkout --quiet --force -B "$SEMAPHORE_GIT_BRANCH" "$sha" || return 1
  else
    git checkout --quiet --force --detach "$sha" || return 1
  fi
  git reset --hard "$sha"
}
`;
}

// The token header must never reach an xtrace line of the job log.
const CHECKOUT_ENTRY = `checkout() {
  local __outpost_xtrace=""
  case "$-" in *x*) __outpost_xtrace=1; set +x ;; esac
  __outpost_checkout "$@"
  local status=$?
  [ -n "$__outpost_xtrace" ] && set -x
  return $status
}
`;
