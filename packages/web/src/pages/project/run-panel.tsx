import { useState, type FormEvent } from 'react';
import { runWorkflow } from '../../api/projects.js';
import { Button } from '../../components/button.js';
import { Field } from '../../components/field.js';
import { sentence } from '../../format/sentence.js';
import { useApi } from '../../session/session-context.js';
import { runInput, type RunFormState } from './run-form-model.js';

/** Run the pipeline file at a branch or tag (its head, or a given commit) through plumber-workflows. */
export function RunPanel({ projectId, onStarted }: { projectId: string; onStarted(pipelineId: string): void }) {
  const client = useApi();
  const [form, setForm] = useState<RunFormState>({ kind: 'branch', name: 'main', sha: '' });
  const [error, setError] = useState<{ field: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (patch: Partial<RunFormState>) => {
    setForm({ ...form, ...patch });
    setError(null);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const check = runInput(projectId, form);
    if (!check.ok) return setError({ field: check.field, message: check.problem });
    setBusy(true);
    try {
      const started = await runWorkflow(client, check.input);
      onStarted(started.pipeline_id);
    } catch (e) {
      setError({ field: 'form', message: sentence((e as Error).message) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card run-panel" onSubmit={(e) => void submit(e)} noValidate aria-label="Run the pipeline">
      <div className="run-fields">
        <label className="run-kind">
          <span className="field-label">Run</span>
          <select value={form.kind} onChange={(e) => set({ kind: e.target.value as RunFormState['kind'] })} aria-label="Reference kind">
            <option value="branch">Branch</option>
            <option value="tag">Tag</option>
          </select>
        </label>
        <Field label={form.kind === 'branch' ? 'Branch' : 'Tag'} error={error?.field === 'name' ? error.message : undefined}>
          {(props) => <input {...props} className="mono" value={form.name} onChange={(e) => set({ name: e.target.value })} autoComplete="off" spellCheck={false} />}
        </Field>
        <Field label="Commit SHA (optional)" error={error?.field === 'sha' ? error.message : undefined}>
          {(props) => <input {...props} className="mono" value={form.sha} onChange={(e) => set({ sha: e.target.value })} autoComplete="off" spellCheck={false} placeholder="the head" />}
        </Field>
        <Button type="submit" variant="primary" busy={busy} className="run-button">Run</Button>
      </div>
      {error?.field === 'form' ? <p className="form-error" role="alert">{error.message}</p> : null}
    </form>
  );
}
