import { describe, expect, it } from 'vitest';
import { blockDepths, cardHeight, dependencyIndices, describeGraph, GRAPH_SIZES as S, layoutGraph, type GraphBlockInput } from './graph-layout.js';

const block = (name: string, dependencies: string[] = [], jobCount = 1): GraphBlockInput => ({ name, dependencies, jobCount });
const columnX = (column: number) => S.padding + column * (S.cardWidth + S.columnGap);

describe('blockDepths', () => {
  it.each([
    { name: 'no blocks', deps: [], depths: [] },
    { name: 'one block', deps: [[]], depths: [1] },
    { name: 'a chain', deps: [[], [0], [1]], depths: [1, 2, 3] },
    { name: 'two roots', deps: [[], [], [0, 1]], depths: [1, 1, 2] },
    { name: 'a diamond', deps: [[], [0], [0], [1, 2]], depths: [1, 2, 2, 3] },
    { name: 'the deepest dependency decides', deps: [[], [0], [0, 1]], depths: [1, 2, 3] },
    { name: 'dependencies listed before their block', deps: [[2], [0], []], depths: [2, 3, 1] },
    { name: 'a cycle ends without looping', deps: [[1], [0]], depths: [2, 1] },
    { name: 'a cycle through three', deps: [[2], [0], [1]], depths: [3, 1, 2] },
  ])('$name', ({ deps, depths }) => {
    expect(blockDepths(deps)).toEqual(depths);
  });
});

describe('dependencyIndices', () => {
  it.each([
    { name: 'names to positions', blocks: [block('A'), block('B', ['A'])], deps: [[], [0]] },
    { name: 'an unknown name is dropped', blocks: [block('A'), block('B', ['A', 'Nope'])], deps: [[], [0]] },
    { name: 'a repeat counts once', blocks: [block('A'), block('B', ['A', 'A'])], deps: [[], [0]] },
    { name: 'a block does not wait for itself', blocks: [block('A', ['A'])], deps: [[]] },
    { name: 'the first of two same names wins', blocks: [block('A'), block('A'), block('B', ['A'])], deps: [[], [], [0]] },
  ])('$name', ({ blocks, deps }) => {
    expect(dependencyIndices(blocks)).toEqual(deps);
  });
});

describe('cardHeight', () => {
  it.each([
    [0, S.headerHeight + S.jobHeight + S.footerHeight],
    [1, S.headerHeight + S.jobHeight + S.footerHeight],
    [3, S.headerHeight + 3 * S.jobHeight + S.footerHeight],
    [20, S.headerHeight + 20 * S.jobHeight + S.footerHeight],
  ])('%d jobs → %d px', (jobs, height) => {
    expect(cardHeight(jobs)).toBe(height);
  });
});

describe('layoutGraph', () => {
  it('draws nothing for no blocks', () => {
    expect(layoutGraph([])).toEqual({ width: 0, height: 0, columns: 0, nodes: [], edges: [] });
  });

  it('puts a chain in one row, one column per block, with a straight arrow between each pair', () => {
    const layout = layoutGraph([block('Build'), block('Test', ['Build']), block('Deploy', ['Test'])]);
    expect(layout.columns).toBe(3);
    expect(layout.nodes.map((n) => [n.name, n.column, n.x, n.y])).toEqual([
      ['Build', 0, columnX(0), S.padding],
      ['Test', 1, columnX(1), S.padding],
      ['Deploy', 2, columnX(2), S.padding],
    ]);
    const headerMiddle = S.padding + S.headerHeight / 2;
    expect(layout.edges.map((e) => [e.from, e.to, e.x1, e.y1, e.x2, e.y2, e.lane])).toEqual([
      [0, 1, columnX(0) + S.cardWidth, headerMiddle, columnX(1), headerMiddle, null],
      [1, 2, columnX(1) + S.cardWidth, headerMiddle, columnX(2), headerMiddle, null],
    ]);
    expect(layout.edges[0]?.path).toBe(`M 264 40 C 296 40, 296 40, 328 40`);
    expect(layout.width).toBe(2 * S.padding + 3 * S.cardWidth + 2 * S.columnGap);
    expect(layout.height).toBe(S.padding + cardHeight(1) + S.padding);
  });

  it('stacks blocks of one depth in a column, in file order when they wait for the same blocks', () => {
    const layout = layoutGraph([block('A', [], 2), block('B', ['A'], 3), block('C', ['A'], 1), block('D', ['B', 'C'])]);
    const at = (name: string) => layout.nodes.find((n) => n.name === name)!;
    expect([at('B').column, at('C').column, at('D').column]).toEqual([1, 1, 2]);
    expect(at('B').y).toBe(S.padding);
    expect(at('C').y).toBe(S.padding + cardHeight(3) + S.rowGap);
    expect(at('B').height).toBe(cardHeight(3));
    expect(layout.edges).toHaveLength(4);
    expect(layout.height).toBe(at('C').y + at('C').height + S.padding);
  });

  it('orders a column by where its dependencies sit, so arrows cross less', () => {
    const layout = layoutGraph([block('A'), block('B'), block('X', ['B']), block('Y', ['A'])]);
    expect(layout.nodes.map((n) => n.name)).toEqual(['A', 'B', 'Y', 'X']);
    expect(layout.nodes.find((n) => n.name === 'Y')?.y).toBe(S.padding);
  });

  it('routes an arrow that skips a column through a lane under the column it crosses', () => {
    const layout = layoutGraph([block('A'), block('B', ['A'], 4), block('C', ['A', 'B'])]);
    const long = layout.edges.find((e) => e.from === 0 && e.to === 2)!;
    const b = layout.nodes.find((n) => n.name === 'B')!;
    expect(long.lane).toBe(b.y + b.height + S.rowGap / 2);
    expect(long.path).toBe(
      `M ${columnX(0) + S.cardWidth} 40 C 296 40, 296 ${long.lane}, 328 ${long.lane} L ${columnX(2) - S.columnGap} ${long.lane} C 608 ${long.lane}, 608 40, ${columnX(2)} 40`,
    );
    expect(layout.height).toBeGreaterThanOrEqual(long.lane! + S.padding);
  });

  it('draws no arrow backwards for a cycle (the hub refuses those) and still places every block', () => {
    const layout = layoutGraph([block('A', ['B']), block('B', ['A'])]);
    expect(layout.nodes).toHaveLength(2);
    expect(layout.edges.map((e) => [e.from, e.to])).toEqual([[1, 0]]);
  });

  it('lists nodes column by column, top to bottom (reading and tab order)', () => {
    const layout = layoutGraph([block('Deploy', ['Test']), block('Lint'), block('Test', ['Build']), block('Build')]);
    expect(layout.nodes.map((n) => n.name)).toEqual(['Lint', 'Build', 'Test', 'Deploy']);
  });

  it('lays out 10 blocks × 20 jobs without overlaps', () => {
    const blocks = Array.from({ length: 10 }, (_, i) => block(`B${i}`, i === 0 ? [] : [`B${Math.floor((i - 1) / 2)}`], 20));
    const { nodes } = layoutGraph(blocks);
    for (const a of nodes) {
      for (const b of nodes) {
        if (a === b) continue;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `${a.name} and ${b.name} overlap`).toBe(true);
      }
    }
  });
});

describe('describeGraph', () => {
  it.each([
    { blocks: [], text: 'Block graph: no blocks' },
    { blocks: [block('Build')], text: 'Block graph: Build starts first' },
    {
      blocks: [block('Build'), block('Lint'), block('Test', ['Build', 'Lint']), block('Deploy', ['Test', 'Build', 'Lint'])],
      text: 'Block graph: Build starts first; Lint starts first; Test waits for Build and Lint; Deploy waits for Test, Build and Lint',
    },
  ])('$text', ({ blocks, text }) => {
    expect(describeGraph(blocks)).toBe(text);
  });
});
