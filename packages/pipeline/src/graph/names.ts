// Names for blocks and jobs. The docs say Semaphore "assigns its own names to nameless jobs"
// (pipeline-yaml.md#name-in-jobs); the names are those of its plumber (Ppl.DefinitionReviser.BlocksGodfather and
// JobsGodfather): `Nameless block 1`, `Nameless block 2`, … for blocks and `Nameless 1`, … for the jobs of a block,
// counting nameless ones only and skipping a number whose name is already taken.

export interface Nameable<W> {
  name?: string;
  at: W;
}

export interface NamingProblem<W> {
  at: W;
  message: string;
}

export const namelessBlockName = (index: number): string => `Nameless block ${index}`;
export const namelessJobName = (index: number): string => `Nameless ${index}`;

/** The final name of each item, in order. */
export function assignNames<W>(items: Nameable<W>[], nameless: (index: number) => string): string[] {
  const taken = new Set(items.flatMap((item) => (item.name === undefined ? [] : [item.name])));
  let counter = 1;
  return items.map((item) => {
    if (item.name !== undefined) return item.name;
    while (taken.has(nameless(counter))) counter += 1;
    const name = nameless(counter);
    taken.add(name);
    counter += 1;
    return name;
  });
}

/** One problem for each name used a second (third, …) time, at that later item. */
export function duplicateNameProblems<W>(names: { name: string; at: W }[], describe: (name: string) => string): NamingProblem<W>[] {
  const seen = new Set<string>();
  const problems: NamingProblem<W>[] = [];
  for (const { name, at } of names) {
    if (seen.has(name)) problems.push({ at, message: describe(name) });
    seen.add(name);
  }
  return problems;
}
