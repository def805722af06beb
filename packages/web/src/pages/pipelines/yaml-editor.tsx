import { forwardRef, memo, type TextareaHTMLAttributes } from 'react';
import type { PipelineFileError } from '@outpost/protocol';
import { splitAtColumn, splitLines } from './yaml-problems.js';

/**
 * A textarea over a backdrop that paints the lines with problems (and the word each problem points at), with line
 * numbers beside it. The textarea never wraps or scrolls inside: it is as tall and wide as the text, and the frame
 * around it scrolls sideways, so the backdrop's lines stay under the textarea's without syncing scroll positions.
 */
export const YamlEditor = forwardRef<HTMLTextAreaElement, {
  value: string;
  problems: Map<number, PipelineFileError[]>;
  onChange(value: string): void;
} & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'>>(function YamlEditor({ value, problems, onChange, ...rest }, ref) {
  const lines = splitLines(value);
  const widest = lines.reduce((w, line) => Math.max(w, line.length), 0);
  const style = { height: `calc(${lines.length + 1} * var(--yaml-line) + 2 * var(--yaml-pad))`, width: `max(100%, ${widest + 4}ch)` };
  return (
    <div className="yaml-editor">
      <Gutter count={lines.length} problems={problems} />
      <div className="yaml-frame">
        <Backdrop lines={lines} problems={problems} style={style} />
        <textarea
          {...rest}
          ref={ref}
          className="yaml-input"
          value={value}
          wrap="off"
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          style={style}
          onChange={(e) => onChange(e.target.value)}
        />
      </div>
    </div>
  );
});

const Gutter = memo(function Gutter({ count, problems }: { count: number; problems: Map<number, PipelineFileError[]> }) {
  return (
    <div className="yaml-gutter" aria-hidden="true">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className={problems.has(i + 1) ? 'yaml-gutter-line yaml-gutter-bad' : 'yaml-gutter-line'}>{i + 1}</div>
      ))}
    </div>
  );
});

function Backdrop({ lines, problems, style }: { lines: string[]; problems: Map<number, PipelineFileError[]>; style: { height: string; width: string } }) {
  return (
    <div className="yaml-backdrop" aria-hidden="true" style={style}>
      {lines.map((text, i) => {
        const here = problems.get(i + 1);
        if (!here) return <div key={i} className="yaml-line">{text || ' '}</div>;
        const [before, word, after] = splitAtColumn(text, here[0]?.column ?? 1);
        return (
          <div key={i} className="yaml-line yaml-line-bad" data-line={i + 1}>
            {before}<mark>{word || ' '}</mark>{after}
          </div>
        );
      })}
    </div>
  );
}
