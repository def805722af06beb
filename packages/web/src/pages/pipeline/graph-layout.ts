/**
 * Where the block graph's cards and arrows go (pure). Blocks sit in columns by dependency depth (a block without
 * dependencies has depth 1; any other block 1 + the deepest of its dependencies); each column is ordered by where
 * its dependencies sit (mean centre, then file order) and stacked from the top. An arrow runs from the right edge of
 * a dependency's header to the left edge of its block's header; one that skips columns drops to a lane under the
 * columns it crosses so it never runs behind a card. Card sizes are fixed here and applied inline, so the CSS cannot
 * disagree with the arrows.
 */

export const GRAPH_SIZES = {
  cardWidth: 248,
  columnGap: 64,
  rowGap: 20,
  padding: 16,
  /** The block's name and badge. */
  headerHeight: 48,
  /** One job row. */
  jobHeight: 34,
  /** Space under the last job. */
  footerHeight: 8,
} as const;

export interface GraphBlockInput {
  name: string;
  dependencies: readonly string[];
  jobCount: number;
}

export interface GraphNode {
  /** Position of the block in the input (file order). */
  index: number;
  name: string;
  depth: number;
  column: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphEdge {
  from: number;
  to: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** The y of the lane under the crossed columns, for an arrow that skips columns; null for a direct curve. */
  lane: number | null;
  /** SVG path data. */
  path: string;
}

export interface GraphLayout {
  width: number;
  height: number;
  columns: number;
  /** In reading order: column by column, top to bottom (the order of the cards in the page, for keyboard users). */
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const cardHeight = (jobCount: number) => GRAPH_SIZES.headerHeight + Math.max(1, jobCount) * GRAPH_SIZES.jobHeight + GRAPH_SIZES.footerHeight;

/** Indices of each block's known dependencies (unknown names and repeats dropped; the first block of a name wins). */
export function dependencyIndices(blocks: readonly GraphBlockInput[]): number[][] {
  const byName = new Map<string, number>();
  blocks.forEach((block, index) => { if (!byName.has(block.name)) byName.set(block.name, index); });
  return blocks.map((block, self) => {
    const found = block.dependencies.map((name) => byName.get(name)).filter((i): i is number => i !== undefined && i !== self);
    return [...new Set(found)];
  });
}

/** Depth per block; a dependency met again while its own depth is being worked out (a cycle) counts as depth 0. */
export function blockDepths(dependencies: readonly number[][]): number[] {
  const depths: Array<number | undefined> = [];
  const visiting = new Set<number>();
  const depthOf = (index: number): number => {
    const known = depths[index];
    if (known !== undefined) return known;
    if (visiting.has(index)) return 0;
    visiting.add(index);
    const deps = dependencies[index] ?? [];
    const depth = 1 + deps.reduce((deepest, dep) => Math.max(deepest, depthOf(dep)), 0);
    visiting.delete(index);
    depths[index] = depth;
    return depth;
  };
  return dependencies.map((_, index) => depthOf(index));
}

export function layoutGraph(blocks: readonly GraphBlockInput[]): GraphLayout {
  const S = GRAPH_SIZES;
  const deps = dependencyIndices(blocks);
  const depths = blockDepths(deps);
  const columns = blocks.length === 0 ? 0 : Math.max(...depths);
  const placed = new Map<number, GraphNode>();
  const nodes: GraphNode[] = [];
  for (let column = 0; column < columns; column += 1) {
    const members = blocks.map((_, i) => i).filter((i) => depths[i] === column + 1);
    const key = (i: number) => meanCentre(deps[i] ?? [], placed);
    members.sort((a, b) => key(a) - key(b) || a - b);
    let y = S.padding;
    for (const index of members) {
      const node: GraphNode = {
        index, name: blocks[index]?.name ?? '', depth: column + 1, column,
        x: S.padding + column * (S.cardWidth + S.columnGap), y, width: S.cardWidth, height: cardHeight(blocks[index]?.jobCount ?? 0),
      };
      placed.set(index, node);
      nodes.push(node);
      y += node.height + S.rowGap;
    }
  }
  const edges = deps.flatMap((list, to) => list.map((from) => edgeBetween(placed.get(from), placed.get(to), nodes))).filter((e): e is GraphEdge => e !== null);
  const bottom = Math.max(0, ...nodes.map((n) => n.y + n.height), ...edges.map((e) => e.lane ?? 0));
  return {
    width: columns === 0 ? 0 : S.padding * 2 + columns * S.cardWidth + (columns - 1) * S.columnGap,
    height: nodes.length === 0 ? 0 : bottom + S.padding,
    columns,
    nodes,
    edges,
  };
}

/** Mean vertical centre of the placed dependencies; -1 sorts blocks without any first. */
function meanCentre(dependencies: readonly number[], placed: Map<number, GraphNode>): number {
  const centres = dependencies.map((d) => placed.get(d)).filter((n): n is GraphNode => n !== undefined).map((n) => n.y + n.height / 2);
  return centres.length === 0 ? -1 : centres.reduce((a, b) => a + b, 0) / centres.length;
}

function edgeBetween(from: GraphNode | undefined, to: GraphNode | undefined, nodes: readonly GraphNode[]): GraphEdge | null {
  // An edge that does not point rightwards closes a cycle; the hub refuses those, so there is nothing to draw.
  if (!from || !to || from.column >= to.column) return null;
  const S = GRAPH_SIZES;
  const x1 = from.x + from.width;
  const y1 = from.y + S.headerHeight / 2;
  const x2 = to.x;
  const y2 = to.y + S.headerHeight / 2;
  const half = S.columnGap / 2;
  if (to.column - from.column === 1) {
    return { from: from.index, to: to.index, x1, y1, x2, y2, lane: null, path: `M ${x1} ${y1} C ${x1 + half} ${y1}, ${x2 - half} ${y2}, ${x2} ${y2}` };
  }
  const crossed = nodes.filter((n) => n.column > from.column && n.column < to.column);
  const lane = Math.max(...crossed.map((n) => n.y + n.height), S.padding) + S.rowGap / 2;
  const a = x1 + S.columnGap;
  const b = x2 - S.columnGap;
  const path = `M ${x1} ${y1} C ${x1 + half} ${y1}, ${x1 + half} ${lane}, ${a} ${lane} L ${b} ${lane} C ${x2 - half} ${lane}, ${x2 - half} ${y2}, ${x2} ${y2}`;
  return { from: from.index, to: to.index, x1, y1, x2, y2, lane, path };
}

/** The graph in words, for the SVG's accessible name: who waits for whom. */
export function describeGraph(blocks: readonly GraphBlockInput[]): string {
  if (blocks.length === 0) return 'Block graph: no blocks';
  const deps = dependencyIndices(blocks);
  const parts = blocks.map((block, i) => {
    const names = (deps[i] ?? []).map((d) => blocks[d]?.name ?? '');
    return names.length === 0 ? `${block.name} starts first` : `${block.name} waits for ${joinNames(names)}`;
  });
  return `Block graph: ${parts.join('; ')}`;
}

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
