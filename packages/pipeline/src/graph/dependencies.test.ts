import { describe, expect, it } from 'vitest';
import { resolveDependencies, type BlockLinks } from './dependencies.js';
import { assignNames, duplicateNameProblems, namelessBlockName, namelessJobName } from './names.js';

/** `'A'` is a block without `dependencies`; `'B: A, C'` one that declares them; `'D:'` one with `[]`. */
function blocks(...specs: string[]): BlockLinks<string>[] {
  return specs.map((spec) => {
    const [name = '', list] = spec.split(':');
    if (list === undefined) return { name, at: name };
    const names = list.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
    return { name, at: name, declared: names.map((dependency) => ({ name: dependency, at: `${name}->${dependency}` })) };
  });
}

describe('resolveDependencies (pipeline-yaml.md#dependencies-in-blocks)', () => {
  it.each([
    { name: 'no block declares dependencies: each waits for the one before (ImplicitDependency)', specs: ['A', 'B', 'C'], dependencies: [[], ['A'], ['B']] },
    { name: 'a single block without dependencies starts at once', specs: ['Only'], dependencies: [[]] },
    { name: 'every block declares them: the graph as written', specs: ['A:', 'B:', 'C: A, B'], dependencies: [[], [], ['A', 'B']] },
    { name: 'a diamond', specs: ['A:', 'B: A', 'C: A', 'D: B, C'], dependencies: [[], ['A'], ['A'], ['B', 'C']] },
    { name: 'a dependency listed twice counts once', specs: ['A:', 'B: A, A'], dependencies: [[], ['A']] },
    { name: 'a dependency on a later block', specs: ['B: A', 'A:'], dependencies: [['A'], []] },
  ])('$name', ({ specs, dependencies }) => {
    expect(resolveDependencies(blocks(...specs))).toEqual({ dependencies, problems: [] });
  });

  it.each([
    {
      name: 'all or none: blocks without dependencies beside one that has them (the INVALID example of the docs)',
      specs: ['Block A', 'Block B', 'Block C: Block A, Block B'],
      problems: [
        { at: 'Block A', message: 'block "Block A" has no `dependencies`; once one block declares dependencies, every block must (use dependencies: [] for a block that starts first)' },
        { at: 'Block B', message: 'block "Block B" has no `dependencies`; once one block declares dependencies, every block must (use dependencies: [] for a block that starts first)' },
      ],
    },
    {
      name: 'an unknown block, with a close name suggested',
      specs: ['Build:', 'Test: Biuld'],
      problems: [{ at: 'Test->Biuld', message: 'block "Test" depends on "Biuld", which is not a block of this pipeline; did you mean "Build"?' }],
    },
    {
      name: 'an unknown block with nothing close',
      specs: ['Build:', 'Test: Deploy'],
      problems: [{ at: 'Test->Deploy', message: 'block "Test" depends on "Deploy", which is not a block of this pipeline' }],
    },
    {
      name: 'a block depending on itself',
      specs: ['A: A'],
      problems: [{ at: 'A->A', message: 'block "A" depends on itself' }],
    },
    {
      name: 'a two-block cycle',
      specs: ['A: B', 'B: A'],
      problems: [{ at: 'A->B', message: 'block "A" depends on "B", which depends on "A": blocks must not depend on each other in a cycle' }],
    },
    {
      name: 'a three-block cycle behind a start block, spelled out from its first block in the file',
      specs: ['Start:', 'C: B', 'A: Start, C', 'B: A'],
      problems: [{ at: 'C->B', message: 'block "C" depends on "B", which depends on "A", which depends on "C": blocks must not depend on each other in a cycle' }],
    },
    {
      name: 'two separate cycles, each reported',
      specs: ['A: B', 'B: A', 'C: D', 'D: C'],
      problems: [
        { at: 'A->B', message: 'block "A" depends on "B", which depends on "A": blocks must not depend on each other in a cycle' },
        { at: 'C->D', message: 'block "C" depends on "D", which depends on "C": blocks must not depend on each other in a cycle' },
      ],
    },
  ])('refuses $name', ({ specs, problems }) => {
    expect(resolveDependencies(blocks(...specs)).problems).toEqual(problems);
  });
});

describe('assignNames (plumber BlocksGodfather / JobsGodfather)', () => {
  it.each([
    { name: 'named items keep their names', items: ['A', 'B'], nameless: namelessBlockName, names: ['A', 'B'] },
    { name: 'nameless blocks count from 1', items: [undefined, 'B', undefined], nameless: namelessBlockName, names: ['Nameless block 1', 'B', 'Nameless block 2'] },
    { name: 'a taken name is skipped', items: [undefined, 'Nameless 1', undefined], nameless: namelessJobName, names: ['Nameless 2', 'Nameless 1', 'Nameless 3'] },
  ])('$name', ({ items, nameless, names }) => {
    expect(assignNames(items.map((name, index) => (name === undefined ? { at: index } : { name, at: index })), nameless)).toEqual(names);
  });

  it('reports each repeated name at its later use', () => {
    const names = ['A', 'B', 'A', 'A'].map((name, index) => ({ name, at: index }));
    expect(duplicateNameProblems(names, (name) => `two named ${name}`)).toEqual([
      { at: 2, message: 'two named A' },
      { at: 3, message: 'two named A' },
    ]);
  });
});
