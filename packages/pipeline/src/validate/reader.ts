// Reading YAML nodes into typed values while collecting every error with its position. Each value is a `Slot`:
// the node, the path that names it (`blocks[1].task.jobs[0].commands`) and the node a message points at — the
// value, or its key when the value is empty.

import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import type { PipelineError } from '../plan.js';
import { resolveAlias, toPipelineError, type SourceFile, type YamlNode } from '../parse/source-file.js';

export interface Reader {
  file: SourceFile;
  errors: PipelineError[];
}

export interface Slot {
  /** How a message names it: the key, or `commands[2]` for a list item. */
  name: string;
  path: string;
  /** With aliases resolved; null for an empty value (`key:` and nothing after it). */
  node: YamlNode | null;
  /** Where errors about this value point. */
  anchor: YamlNode;
}

export interface MapShape {
  /** Keys read, in the order they are listed in messages. */
  known: readonly string[];
  /** Missing-key messages by key. */
  required?: Readonly<Record<string, string>>;
  /** Keys Semaphore knows but Outpost does not run, with the reason. */
  refused?: Readonly<Record<string, string>>;
  /** What the map is, for "must be a map of …" messages. */
  noun?: string;
}

export function createReader(file: SourceFile): Reader {
  return { file, errors: [] };
}

export function report(reader: Reader, at: YamlNode | number, path: string, message: string): void {
  const offset = typeof at === 'number' ? at : (at.range?.[0] ?? 0);
  reader.errors.push(toPipelineError(reader.file, offset, message, path));
}

export function rootSlot(reader: Reader, node: YamlNode): Slot {
  return { name: 'the file', path: '', node: resolveAlias(reader.file, node), anchor: node };
}

/** The known keys of a map, reporting a value that is not a map, unknown and refused keys, and missing ones. */
export function readMap(reader: Reader, slot: Slot, shape: MapShape): Map<string, Slot> | undefined {
  if (slot.node === null || !isMap(slot.node)) {
    const noun = shape.noun ?? `a map with the keys ${shape.known.join(', ')}`;
    report(reader, slot.anchor, slot.path, `${label(slot)} must be ${noun}; found ${describeNode(slot.node)}`);
    return undefined;
  }
  const fields = new Map<string, Slot>();
  let refusedAny = false;
  for (const { key, value } of mapPairs(reader, slot.node)) {
    const name = String(key.value);
    const path = slot.path === '' ? name : `${slot.path}.${name}`;
    const refusal = shape.refused?.[name];
    refusedAny ||= refusal !== undefined;
    if (refusal !== undefined) report(reader, key, path, refusal);
    else if (!shape.known.includes(name)) report(reader, key, path, unknownKeyMessage(name, slot, shape.known));
    else fields.set(name, { name, path, node: resolveAlias(reader.file, value), anchor: value ?? key });
  }
  // A refused key (commands_file) stands in for the required one (commands); its refusal already says what to do.
  for (const [key, message] of Object.entries(refusedAny ? {} : (shape.required ?? {}))) {
    if (!fields.has(key)) report(reader, slot.anchor, slot.path, message);
  }
  return fields;
}

/** The items of a list, or undefined (reported) when the value is not a list. */
export function readList(reader: Reader, slot: Slot, noun: string): Slot[] | undefined {
  if (slot.node === null || !isSeq(slot.node)) {
    report(reader, slot.anchor, slot.path, `\`${slot.name}\` must be ${noun}; found ${describeNode(slot.node)}`);
    return undefined;
  }
  return slot.node.items.map((item, index) => {
    const node = item as YamlNode | null;
    return { name: `${slot.name}[${index}]`, path: `${slot.path}[${index}]`, node: resolveAlias(reader.file, node), anchor: node ?? slot.anchor };
  });
}

export function readString(reader: Reader, slot: Slot, noun = 'a string'): string | undefined {
  if (isScalar(slot.node) && typeof slot.node.value === 'string') return slot.node.value;
  report(reader, slot.anchor, slot.path, `\`${slot.name}\` must be ${noun}; found ${describeNode(slot.node)}${quoteHint(slot.node)}`);
  return undefined;
}

export function readNonEmptyString(reader: Reader, slot: Slot, noun: string): string | undefined {
  const value = readString(reader, slot, noun);
  if (value === '') {
    report(reader, slot.anchor, slot.path, `\`${slot.name}\` must be ${noun}; found an empty string`);
    return undefined;
  }
  return value;
}

export function readInteger(reader: Reader, slot: Slot, noun: string): number | undefined {
  if (isScalar(slot.node) && typeof slot.node.value === 'number' && Number.isSafeInteger(slot.node.value)) return slot.node.value;
  report(reader, slot.anchor, slot.path, `\`${slot.name}\` must be ${noun}; found ${describeNode(slot.node)}`);
  return undefined;
}

/** A list of strings; every item that is not one is reported on its own. */
export function readStringList(reader: Reader, slot: Slot, noun = 'a list of strings'): string[] | undefined {
  const items = readList(reader, slot, noun);
  if (items === undefined) return undefined;
  const values: string[] = [];
  for (const item of items) {
    const value = readString(reader, item);
    if (value !== undefined) values.push(value);
  }
  return values.length === items.length ? values : undefined;
}

/** `read(slot)` when the key is present. */
export function optional<T>(slot: Slot | undefined, read: (slot: Slot) => T | undefined): T | undefined {
  return slot === undefined ? undefined : read(slot);
}

/** The entries whose value is not undefined, to spread into an object with optional properties. */
export function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** "the number 3", "a list", "nothing" — what a person wrote, in a message. */
export function describeNode(node: YamlNode | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (!isScalar(node)) return 'an alias';
  const { value } = node;
  if (value === null) return 'nothing';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return `the number ${String(value)}`;
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  return `the value ${String(value)}`;
}

/** How a message starts when it names a value: `` `commands` ``, or "the file" for the top level. */
function label(slot: Slot): string {
  return slot.path === '' ? 'the file' : `\`${slot.name}\``;
}

function quoteHint(node: YamlNode | null): string {
  if (isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'boolean')) {
    return `; put it in quotes to make it a string, e.g. "${String(node.source ?? node.value)}"`;
  }
  if (isMap(node)) return '; a `: ` inside a value starts a map in YAML — put the whole value in quotes';
  return '';
}

function unknownKeyMessage(name: string, slot: Slot, known: readonly string[]): string {
  const where = slot.path === '' ? 'at the top level' : `in \`${slot.path}\``;
  return `unknown key \`${name}\` ${where}; expected one of ${known.join(', ')}`;
}

/** The pairs of a map with `<<: *anchor` merge keys expanded; keys written in the map win over merged ones. */
function mapPairs(reader: Reader, map: YamlNode): { key: Scalar.Parsed; value: YamlNode | null }[] {
  if (!isMap(map)) return [];
  const own: { key: Scalar.Parsed; value: YamlNode | null }[] = [];
  const merged: { key: Scalar.Parsed; value: YamlNode | null }[] = [];
  for (const pair of map.items) {
    const key = pair.key as YamlNode | null;
    const value = pair.value as YamlNode | null;
    if (!isScalar(key)) {
      report(reader, key ?? map, '', 'map keys must be plain words such as `name`; found a complex key');
    } else if (typeof key.value === 'symbol') {
      merged.push(...mergeSources(reader, value).flatMap((source) => mapPairs(reader, source)));
    } else {
      own.push({ key: key as Scalar.Parsed, value });
    }
  }
  // YAML's merge rule: a key written in the map wins, then the first source that has it.
  const seen = new Set(own.map(({ key }) => String(key.value)));
  const mergedOnce = merged.filter(({ key }) => !seen.has(String(key.value)) && seen.add(String(key.value)) !== undefined);
  return [...own, ...mergedOnce];
}

function mergeSources(reader: Reader, value: YamlNode | null): YamlNode[] {
  const resolved = resolveAlias(reader.file, value);
  const sources = isSeq(resolved) ? resolved.items.map((item) => resolveAlias(reader.file, item as YamlNode)) : [resolved];
  return sources.filter((source): source is YamlNode => isMap(source));
}
