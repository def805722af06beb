import type { PipelineFileError } from '@outpost/protocol';
import { splitAtColumn, splitLines } from './yaml-problems.js';

/**
 * Each problem as `line:column message` with its line of the file beneath, the word it points at marked; choosing
 * one puts the caret there.
 */
export function YamlProblemList({ id, source, errors, onPick }: { id: string; source: string; errors: PipelineFileError[]; onPick(error: PipelineFileError): void }) {
  const lines = splitLines(source);
  return (
    <section className="yaml-problems" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="yaml-problems-title">
        {errors.length === 1 ? '1 problem in the file' : `${errors.length} problems in the file`}
      </h2>
      <ul id={id} aria-label="Problems in the file">
        {errors.map((error, i) => {
          const text = lines[error.line - 1];
          const [before, word, after] = splitAtColumn(text ?? '', error.column);
          return (
            <li key={`${error.line}:${error.column}:${i}`} className="yaml-problem">
              <button type="button" className="yaml-problem-jump" onClick={() => onPick(error)} aria-label={`Go to line ${error.line}, column ${error.column}`}>
                <span className="yaml-problem-at mono">{error.line}:{error.column}</span>
              </button>{' '}
              <span className="yaml-problem-message">{error.message}</span>
              {text !== undefined && text.trim() !== '' ? (
                <pre className="yaml-problem-line" aria-label={`Line ${error.line}`}>
                  <span className="yaml-problem-line-no" aria-hidden="true">{error.line}</span>
                  {before}<mark>{word}</mark>{after}
                </pre>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
