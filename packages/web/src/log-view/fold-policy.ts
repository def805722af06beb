/** Which folds of a job log start open (pure). */

/** The agent's own steps (protocol BUILTIN_DIRECTIVES): noise once they pass. */
const BUILTIN_DIRECTIVES = new Set([
  'Exporting environment variables',
  'Injecting Files',
  'Running the pre-job hook configured in the agent',
  'Running the post-job hook configured in the agent',
  'Checking job result',
]);

export function isBuiltinDirective(directive: string): boolean {
  return BUILTIN_DIRECTIVES.has(directive);
}

/** Running and failed commands are open; the agent's passed built-in steps are folded away. */
export function foldStartsOpen(fold: { directive: string; finishedAt: number | null; exitCode: number | null }): boolean {
  if (fold.finishedAt === null) return true;
  if (fold.exitCode !== 0) return true;
  return !isBuiltinDirective(fold.directive);
}
