// YAML text → a document whose every node knows where it came from. The `yaml` package keeps source ranges on
// each node; a LineCounter turns an offset into a 1-based line and column.

import { LineCounter, isAlias, parseDocument, type Alias, type Document, type ParsedNode } from 'yaml';
import type { PipelineError } from '../plan.js';

export type YamlNode = ParsedNode;

export interface SourceFile {
  fileName: string;
  text: string;
  lineCounter: LineCounter;
  document: Document.Parsed;
}

export interface Position {
  line: number;
  column: number;
}

export interface ParsedSource {
  file: SourceFile;
  /** The top node, or null for an empty file. */
  root: YamlNode | null;
  /** YAML syntax errors; when there are any, `root` is not worth reading. */
  errors: PipelineError[];
}

/** An alias may be expanded this many times in one file; more is a resource-exhaustion attempt ("billion laughs"),
 * far beyond what a pipeline file needs. */
export const MAX_YAML_ALIAS_EXPANSIONS = 1000;

export function parseYamlSource(text: string, fileName: string): ParsedSource {
  const lineCounter = new LineCounter();
  // `merge: true` reads `<<: *anchor` merge keys, as Semaphore's YAML 1.1 parser does.
  const document = parseDocument(text, { lineCounter, merge: true, prettyErrors: false });
  const file: SourceFile = { fileName, text, lineCounter, document };
  const errors = document.errors.map((error) => toPipelineError(file, error.pos[0], yamlErrorMessage(file, error.code, error.message, error.pos)));
  if (errors.length === 0) errors.push(...aliasBombErrors(file));
  return { file, root: document.contents, errors };
}

export function positionAt(file: SourceFile, offset: number): Position {
  const { line, col } = file.lineCounter.linePos(Math.max(0, Math.min(offset, file.text.length)));
  return { line, column: col };
}

/** The node an alias points at; any other node as it is. */
export function resolveAlias(file: SourceFile, node: YamlNode | null): YamlNode | null {
  if (node === null || !isAlias(node)) return node;
  return ((node as Alias).resolve(file.document) as YamlNode | undefined) ?? null;
}

export function toPipelineError(file: SourceFile, offset: number, message: string, path = ''): PipelineError {
  return { file: file.fileName, ...positionAt(file, offset), path, message };
}

function yamlErrorMessage(file: SourceFile, code: string, message: string, pos: [number, number]): string {
  if (code === 'DUPLICATE_KEY') {
    // The error's range covers only the key's first character; the key runs to its `:`.
    const key = /^\s*(?:"([^"]*)"|'([^']*)'|([^:\n]*))/.exec(file.text.slice(pos[0]));
    return `the key \`${(key?.[1] ?? key?.[2] ?? key?.[3] ?? '').trim()}\` appears twice in this map; YAML keys must be unique`;
  }
  if (code === 'BAD_DQ_ESCAPE') {
    return `this is not valid YAML: ${message}; inside "double quotes" a backslash starts an escape — write \\\\ for a backslash, or use 'single quotes'`;
  }
  return `this is not valid YAML: ${message}`;
}

function aliasBombErrors(file: SourceFile): PipelineError[] {
  try {
    // mapAsMap: a map used as a key would otherwise make the library print a warning on the process.
    file.document.toJS({ maxAliasCount: MAX_YAML_ALIAS_EXPANSIONS, mapAsMap: true });
    return [];
  } catch (error) {
    return [toPipelineError(file, 0, `the file expands its YAML aliases too often (${(error as Error).message})`)];
  }
}
