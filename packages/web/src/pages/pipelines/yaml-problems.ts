import type { PipelineFileError } from '@outpost/protocol';

/** Positions in a pipeline file, for drawing its problems against its lines (pure). Lines and columns are 1-based. */

export function splitLines(source: string): string[] {
  return source.split(/\r?\n/);
}

/** The problems by line number, each line's in the order the hub gave them. */
export function problemsByLine(errors: readonly PipelineFileError[]): Map<number, PipelineFileError[]> {
  const lines = new Map<number, PipelineFileError[]>();
  for (const error of errors) lines.set(error.line, [...(lines.get(error.line) ?? []), error]);
  return lines;
}

/** `12:5 message` — how a problem reads in the list. */
export const problemText = (error: Pick<PipelineFileError, 'line' | 'column' | 'message'>) => `${error.line}:${error.column} ${error.message}`;

/** The text before the column, the word that starts at it (up to a blank or YAML's flow punctuation), and the rest. */
export function splitAtColumn(text: string, column: number): [string, string, string] {
  const at = Math.min(Math.max(column - 1, 0), text.length);
  // At a punctuation mark itself (a flow list's `[`), the mark is the word.
  const word = /^(?:[^\s,[\]{}]+|[,[\]{}])?/.exec(text.slice(at))?.[0] ?? '';
  return [text.slice(0, at), word, text.slice(at + word.length)];
}

/** Character offset of line:column in the source (clamped into the file), to put the caret there. */
export function offsetOf(source: string, line: number, column: number): number {
  const lines = source.split('\n');
  const lineIndex = Math.min(Math.max(line - 1, 0), lines.length - 1);
  let offset = 0;
  for (let i = 0; i < lineIndex; i += 1) offset += (lines[i]?.length ?? 0) + 1;
  const lineText = (lines[lineIndex] ?? '').replace(/\r$/, '');
  return offset + Math.min(Math.max(column - 1, 0), lineText.length);
}

/** A three-block starter (one block a matrix) for the Run form, on the organization's first agent type. */
export function samplePipeline(agentType: string): string {
  return `version: v1.0
name: Hello pipeline
agent:
  machine:
    type: ${agentType}
blocks:
  - name: Build
    dependencies: []
    task:
      jobs:
        - name: Build
          commands:
            - echo "Building on $(hostname)"
  - name: Test
    dependencies: [Build]
    task:
      jobs:
        - name: Test
          matrix:
            - env_var: PART
              values: ["1", "2"]
          commands:
            - echo "Testing part $PART"
  - name: Package
    dependencies: [Test]
    task:
      jobs:
        - name: Package
          commands:
            - echo "Packaged"
`;
}
