// Block dependencies (pipeline-yaml.md#dependencies-in-blocks). Either every block declares `dependencies` or none
// does; a file where none does runs its blocks one after another in file order, each depending on the one before
// (Semaphore's Ppl.DefinitionReviser.ImplicitDependency). Names must be blocks of the pipeline, and the graph must
// have no cycle. `W` is whatever says where a problem is (a YAML slot in the compiler, a label in tests).

export interface BlockLinks<W> {
  name: string;
  /** Absent when the block has no `dependencies` key; `[]` means "starts with the pipeline". */
  declared?: { name: string; at: W }[];
  at: W;
}

export interface GraphProblem<W> {
  at: W;
  message: string;
}

export interface ResolvedDependencies<W> {
  /** Per block, in block order: the names it waits for, each once. */
  dependencies: string[][];
  problems: GraphProblem<W>[];
}

export function resolveDependencies<W>(blocks: BlockLinks<W>[]): ResolvedDependencies<W> {
  const declaring = blocks.filter((block) => block.declared !== undefined);
  if (declaring.length === 0) {
    return { dependencies: blocks.map((_, index) => (index === 0 ? [] : [blocks[index - 1]?.name ?? ''])), problems: [] };
  }
  const problems: GraphProblem<W>[] = blocks
    .filter((block) => block.declared === undefined)
    .map((block) => ({
      at: block.at,
      message: `block "${block.name}" has no \`dependencies\`; once one block declares dependencies, every block must (use dependencies: [] for a block that starts first)`,
    }));
  const names = new Set(blocks.map((block) => block.name));
  const dependencies = blocks.map((block) => knownDependencies(block, names, problems));
  problems.push(...cycleProblems(blocks, dependencies));
  return { dependencies, problems };
}

function knownDependencies<W>(block: BlockLinks<W>, names: Set<string>, problems: GraphProblem<W>[]): string[] {
  const known: string[] = [];
  for (const dependency of block.declared ?? []) {
    if (!names.has(dependency.name)) {
      problems.push({ at: dependency.at, message: unknownBlockMessage(block.name, dependency.name, [...names]) });
    } else if (!known.includes(dependency.name)) {
      known.push(dependency.name);
    }
  }
  return known;
}

function unknownBlockMessage(blockName: string, dependency: string, names: string[]): string {
  const message = `block "${blockName}" depends on "${dependency}", which is not a block of this pipeline`;
  const closest = names.filter((name) => editDistance(name.toLowerCase(), dependency.toLowerCase()) <= 2);
  return closest.length === 1 ? `${message}; did you mean "${closest[0] ?? ''}"?` : message;
}

/** One problem per cycle, spelled out block by block and reported where its first block (in file order) names
 * the next one. */
function cycleProblems<W>(blocks: BlockLinks<W>[], dependencies: string[][]): GraphProblem<W>[] {
  const indexOf = new Map(blocks.map((block, index) => [block.name, index]));
  const state = blocks.map(() => 'unvisited' as 'unvisited' | 'on-path' | 'done');
  const path: number[] = [];
  const cycles: number[][] = [];
  const visit = (index: number): void => {
    state[index] = 'on-path';
    path.push(index);
    for (const name of dependencies[index] ?? []) {
      const next = indexOf.get(name) ?? -1;
      if (state[next] === 'on-path') cycles.push(path.slice(path.indexOf(next)));
      else if (state[next] === 'unvisited') visit(next);
    }
    path.pop();
    state[index] = 'done';
  };
  blocks.forEach((_, index) => {
    if (state[index] === 'unvisited') visit(index);
  });
  return cycles.map((cycle) => cycleProblem(blocks, rotateToFirst(cycle)));
}

function rotateToFirst(cycle: number[]): number[] {
  const start = cycle.indexOf(Math.min(...cycle));
  return [...cycle.slice(start), ...cycle.slice(0, start)];
}

function cycleProblem<W>(blocks: BlockLinks<W>[], cycle: number[]): GraphProblem<W> {
  const names = cycle.map((index) => blocks[index]?.name ?? '');
  const first = blocks[cycle[0] ?? 0];
  const second = names[1] ?? names[0];
  const at = first?.declared?.find((dependency) => dependency.name === second)?.at ?? (first as BlockLinks<W>).at;
  if (names.length === 1) return { at, message: `block "${names[0] ?? ''}" depends on itself` };
  const chain = [...names.slice(1), names[0]].map((name) => `"${name ?? ''}"`).join(', which depends on ');
  return { at, message: `block "${names[0] ?? ''}" depends on ${chain}: blocks must not depend on each other in a cycle` };
}

/** Levenshtein distance, for "did you mean" on names of a few words. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
