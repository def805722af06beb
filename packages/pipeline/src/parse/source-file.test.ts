import { describe, expect, it } from 'vitest';
import { isMap, isScalar, type Scalar } from 'yaml';
import { sourceOffsetInScalar } from './scalar-offsets.js';
import { MAX_YAML_ALIAS_EXPANSIONS, parseYamlSource, positionAt, resolveAlias } from './source-file.js';

describe('parseYamlSource', () => {
  it('gives 1-based lines and columns for offsets', () => {
    const { file } = parseYamlSource('a: 1\nbb:\n  c: 2\n', 'p.yml');
    expect([0, 5, 11].map((offset) => positionAt(file, offset))).toEqual([
      { line: 1, column: 1 },
      { line: 2, column: 1 },
      { line: 3, column: 3 },
    ]);
  });

  it.each([
    {
      name: 'a duplicate key, at its second use',
      text: 'version: v1.0\nname: a\nname: b\n"quoted key": 1\n"quoted key": 2\n',
      errors: [
        { file: 'p.yml', line: 3, column: 1, path: '', message: 'the key `name` appears twice in this map; YAML keys must be unique' },
        { file: 'p.yml', line: 5, column: 1, path: '', message: 'the key `quoted key` appears twice in this map; YAML keys must be unique' },
      ],
    },
    {
      name: 'an unclosed flow sequence',
      text: 'blocks: [a\n',
      errors: [{ file: 'p.yml', line: 2, column: 1, path: '', message: 'this is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]' }],
    },
    {
      name: 'a tab used for indentation',
      text: 'blocks:\n\t- a\n',
      errors: [{ file: 'p.yml', line: 2, column: 1, path: '', message: 'this is not valid YAML: Tabs are not allowed as indentation' }],
    },
    {
      name: 'two documents in one file',
      text: 'a: 1\n---\nb: 2\n',
      errors: [{ file: 'p.yml', line: 2, column: 1, path: '', message: 'this is not valid YAML: Source contains multiple documents; please use YAML.parseAllDocuments()' }],
    },
  ])('reports $name', ({ text, errors }) => {
    expect(parseYamlSource(text, 'p.yml').errors).toEqual(errors);
  });

  it('refuses a file that expands aliases exponentially (billion laughs)', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 6; level += 1) levels.push(`l${level}: &l${level} [${Array(10).fill(level === 1 ? '*a' : `*l${level - 1}`).join(', ')}]`);
    const { errors } = parseYamlSource(`${levels.join('\n')}\n`, 'bomb.yml');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 1, column: 1, message: expect.stringContaining('the file expands its YAML aliases too often') as unknown });
    expect(MAX_YAML_ALIAS_EXPANSIONS).toBe(1000);
  });

  it('resolves an alias to its anchor', () => {
    const { file, root } = parseYamlSource('a: &x hello\nb: *x\n', 'p.yml');
    const value = isMap(root) ? root.items[1]?.value : null;
    const resolved = resolveAlias(file, value as never);
    expect(isScalar(resolved) && resolved.value).toBe('hello');
  });
});

describe('sourceOffsetInScalar: where a character of a value sits in the file', () => {
  function offsetOf(line: string, valueOffset: number): number {
    const { file, root } = parseYamlSource(`when: ${line}\n`, 'p.yml');
    const scalar = (isMap(root) ? root.items[0]?.value : null) as Scalar;
    return sourceOffsetInScalar(file, scalar, valueOffset);
  }

  it.each([
    { name: 'a plain scalar', line: "branch = 'x'", valueOffset: 9, sourceOffset: 15 },
    { name: 'a double-quoted scalar', line: `"branch = 'x'"`, valueOffset: 9, sourceOffset: 16 },
    { name: 'a single-quoted scalar with a doubled quote', line: "'branch = ''x'' or tag'", valueOffset: 15, sourceOffset: 24 },
    { name: 'a double-quoted scalar with an escape', line: '"a\\tb = c"', valueOffset: 3, sourceOffset: 11 },
    { name: 'a double-quoted scalar with a \\u escape', line: '"\\u00e9 x"', valueOffset: 2, sourceOffset: 14 },
    { name: 'the start of a block scalar', line: "|\n  branch = 'x'", valueOffset: 7, sourceOffset: 6 },
    { name: 'a multi-line quoted scalar (its text start)', line: `"branch = 'x'\n  or true"`, valueOffset: 14, sourceOffset: 7 },
  ])('$name', ({ line, valueOffset, sourceOffset }) => {
    expect(offsetOf(line, valueOffset)).toBe(sourceOffset);
  });
});
