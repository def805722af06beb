import { describe, expect, it } from 'vitest';
import { offsetOf, problemsByLine, problemText, splitAtColumn, splitLines } from './yaml-problems.js';

const error = (line: number, column: number, message = 'm') => ({ file: 'f.yml', line, column, path: '', message });

describe('problemsByLine', () => {
  it('groups problems by line, keeping their order', () => {
    const map = problemsByLine([error(3, 1, 'a'), error(5, 2, 'b'), error(3, 7, 'c')]);
    expect([...map.keys()]).toEqual([3, 5]);
    expect(map.get(3)?.map((e) => e.message)).toEqual(['a', 'c']);
  });
});

describe('problemText', () => {
  it.each([
    [error(13, 20, 'block "Test" depends on "Biuld"'), '13:20 block "Test" depends on "Biuld"'],
    [error(1, 1, 'this is not valid YAML'), '1:1 this is not valid YAML'],
  ])('%j → %s', (e, text) => {
    expect(problemText(e)).toBe(text);
  });
});

describe('splitAtColumn', () => {
  it.each([
    ['    type: e1-standard-2', 11, ['    type: ', 'e1-standard-2', '']],
    ['    dependencies: [Biuld]', 20, ['    dependencies: [', 'Biuld', ']']],
    ['    dependencies: [Build, Tset]', 27, ['    dependencies: [Build, ', 'Tset', ']']],
    ['    dependencies: [Biuld]', 19, ['    dependencies: ', '[', 'Biuld]']],
    ['  - name: x', 5, ['  - ', 'name:', ' x']],
    ['abc', 1, ['', 'abc', '']],
    ['abc', 0, ['', 'abc', '']],
    ['abc', 9, ['abc', '', '']],
    ['', 1, ['', '', '']],
    ['a  b', 2, ['a', '', '  b']],
  ])('%j at %d', (text, column, parts) => {
    expect(splitAtColumn(text, column)).toEqual(parts);
  });
});

describe('offsetOf', () => {
  const source = 'ab\ncdef\r\n\nxyz';
  it.each([
    [1, 1, 0],
    [1, 3, 2],
    [1, 9, 2],
    [2, 1, 3],
    [2, 4, 6],
    [2, 99, 7],
    [3, 1, 9],
    [4, 2, 11],
    [9, 1, 10],
    [0, 0, 0],
  ])('%d:%d → %d', (line, column, offset) => {
    expect(offsetOf(source, line, column)).toBe(offset);
  });
});

describe('splitLines', () => {
  it.each([
    ['', ['']],
    ['a\nb', ['a', 'b']],
    ['a\r\nb\n', ['a', 'b', '']],
  ])('%j', (source, lines) => {
    expect(splitLines(source)).toEqual(lines);
  });
});
