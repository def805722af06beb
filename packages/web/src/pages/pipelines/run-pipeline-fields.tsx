import { useId, useMemo, useRef } from 'react';
import type { PipelineFileError } from '@outpost/protocol';
import { Field } from '../../components/field.js';
import { sentence } from '../../format/sentence.js';
import type { RefKind } from './use-run-pipeline-form.js';
import type { Validation } from './use-yaml-validation.js';
import { YamlEditor } from './yaml-editor.js';
import { YamlProblemList } from './yaml-problem-list.js';
import { offsetOf, problemsByLine } from './yaml-problems.js';

/** The pipeline text with its problems marked on their lines, the check's status, and the list of problems. */
export function PipelineFileField({ yaml, errors, validation, onChange, onFocus }: {
  yaml: string;
  errors: PipelineFileError[];
  validation: Validation;
  onChange(text: string): void;
  onFocus?(): void;
}) {
  const editor = useRef<HTMLTextAreaElement>(null);
  const problemsId = useId();
  const problems = useMemo(() => problemsByLine(errors), [errors]);

  const pick = (error: PipelineFileError) => {
    const area = editor.current;
    if (!area) return;
    const at = offsetOf(yaml, error.line, error.column);
    area.focus();
    area.setSelectionRange(at, at);
  };

  return (
    <>
      <div className="field">
        <label htmlFor={`${problemsId}-yaml`} className="field-label">Pipeline file</label>
        <YamlEditor
          ref={editor}
          id={`${problemsId}-yaml`}
          value={yaml}
          problems={problems}
          aria-invalid={errors.length > 0 || undefined}
          aria-describedby={`${problemsId}-status`}
          onChange={onChange}
          onFocus={onFocus}
        />
        <ValidationStatus id={`${problemsId}-status`} validation={validation} count={errors.length} />
      </div>
      {errors.length > 0 ? <YamlProblemList id={problemsId} source={yaml} errors={errors} onPick={pick} /> : null}
    </>
  );
}

/** The file name and the branch or tag the run is for. */
export function RunOptions({
  fileName,
  onFileNameChange,
  refKind,
  onRefKindChange,
  refName,
  onRefNameChange,
}: {
  fileName: string;
  onFileNameChange(name: string): void;
  refKind: RefKind;
  onRefKindChange(kind: RefKind): void;
  refName: string;
  onRefNameChange(name: string): void;
}) {
  return (
    <div className="run-options">
      <Field label="File name" hint="Where the file sits in the repository; errors and SEMAPHORE_* variables name it.">
        {(props) => <input {...props} className="mono" value={fileName} onChange={(e) => onFileNameChange(e.target.value)} maxLength={500} />}
      </Field>
      <fieldset className="fieldset run-ref">
        <legend>Run for</legend>
        <div className="segmented">
          {(['branch', 'tag'] as const).map((kind) => (
            <label key={kind} className={refKind === kind ? 'segment segment-on' : 'segment'}>
              <input type="radio" name="ref-kind" value={kind} checked={refKind === kind} onChange={() => onRefKindChange(kind)} />
              {kind === 'branch' ? 'Branch' : 'Tag'}
            </label>
          ))}
        </div>
        <input aria-label={refKind === 'branch' ? 'Branch name' : 'Tag name'} className="mono" value={refName} onChange={(e) => onRefNameChange(e.target.value)} maxLength={255} />
      </fieldset>
    </div>
  );
}

function ValidationStatus({ id, validation, count }: { id: string; validation: Validation; count: number }) {
  let text = '';
  let tone = 'muted';
  if (validation.state === 'checking') text = 'Checking the file…';
  else if (validation.state === 'valid' && count === 0) [text, tone] = ['The file is valid.', 'ok'];
  else if (count > 0) [text, tone] = [count === 1 ? 'The file has 1 problem, listed below.' : `The file has ${count} problems, listed below.`, 'bad'];
  else if (validation.state === 'unavailable') text = `The file could not be checked: ${sentence(validation.message)}`;
  return <div id={id} className={`yaml-status yaml-status-${tone}`} role="status">{text}</div>;
}
