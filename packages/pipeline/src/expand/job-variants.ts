// One job entry → the jobs it stands for (pipeline-yaml.md#matrix-in-jobs, #parallelism-in-jobs), named as
// Semaphore names them (plumber JobMatrix.Handler):
// - a matrix gives the cartesian product of its axes, the first axis varying slowest, named
//   `<job> - ELIXIR=1.3, ERLANG=19`, each job with its values as env vars;
// - parallelism N gives `<job> - 1/N` … `<job> - N/N` with SEMAPHORE_JOB_INDEX (1…N) and SEMAPHORE_JOB_COUNT (N).

import type { EnvVar } from '../plan.js';
import type { MatrixAxisDef } from '../validate/model.js';

export interface JobVariant {
  name: string;
  /** Env vars the expansion adds after the job's own. */
  envVars: EnvVar[];
}

export interface Expansion {
  matrix?: MatrixAxisDef[];
  parallelism?: number;
}

/** How many jobs an entry becomes, computed without building them (a 10-axis matrix must not be built to be refused). */
export function variantCount(expansion: Expansion): number {
  if (expansion.parallelism !== undefined) return expansion.parallelism;
  if (expansion.matrix !== undefined) return expansion.matrix.reduce((count, axis) => count * axis.values.length, 1);
  return 1;
}

export function expandJob(name: string, expansion: Expansion): JobVariant[] {
  if (expansion.parallelism !== undefined) return parallelJobs(name, expansion.parallelism);
  if (expansion.matrix !== undefined) return matrixJobs(name, expansion.matrix);
  return [{ name, envVars: [] }];
}

function parallelJobs(name: string, count: number): JobVariant[] {
  return Array.from({ length: count }, (_, index) => ({
    name: `${name} - ${index + 1}/${count}`,
    envVars: [
      { name: 'SEMAPHORE_JOB_INDEX', value: String(index + 1) },
      { name: 'SEMAPHORE_JOB_COUNT', value: String(count) },
    ],
  }));
}

function matrixJobs(name: string, axes: MatrixAxisDef[]): JobVariant[] {
  return cartesianProduct(axes).map((envVars) => ({
    name: `${name} - ${envVars.map((envVar) => `${envVar.name}=${envVar.value}`).join(', ')}`,
    envVars,
  }));
}

/** Every combination of one value per axis, in the order of JobMatrix.Cartesian: the last axis varies fastest. */
export function cartesianProduct(axes: MatrixAxisDef[]): EnvVar[][] {
  return axes.reduce<EnvVar[][]>(
    (combinations, axis) => combinations.flatMap((combination) => axis.values.map((value) => [...combination, { name: axis.envVar, value }])),
    [[]],
  );
}
