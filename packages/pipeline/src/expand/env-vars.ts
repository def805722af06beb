// Env vars in the order they are exported: global_job_config, task, job, then what matrix or parallelism adds
// (pipeline-yaml.md#global-job-config: "the global values … are exported first, and those defined on a task level
// thereafter"; #env-vars-in-jobs: job values take precedence over task values). A name set twice keeps its first
// place and its last value, so the plan holds each variable once with the value the job would see.

import type { EnvVar } from '../plan.js';

export function mergeEnvVars(...layers: EnvVar[][]): EnvVar[] {
  const merged = new Map<string, string>();
  for (const envVar of layers.flat()) merged.set(envVar.name, envVar.value);
  return [...merged].map(([name, value]) => ({ name, value }));
}

/** Secret names in order, each once (pipeline-yaml.md: "`secrets` are simply merged since order plays no role"). */
export function mergeSecrets(...layers: string[][]): string[] {
  return [...new Set(layers.flat())];
}
