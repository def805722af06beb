import { useEffect, useState, type FormEvent } from 'react';
import { createAgentType, getAgentType, updateAgentType } from '../../api/agent-types.js';
import { ApiError } from '../../api/client.js';
import { Button } from '../../components/button.js';
import { Field } from '../../components/field.js';
import { Notice } from '../../components/notice.js';
import { sentence } from '../../format/sentence.js';
import { Link, useNavigation } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useApi } from '../../session/session-context.js';
import { useTokenMemory } from '../../session/token-memory.js';
import { useTitle } from '../use-title.js';
import {
  emptyForm,
  fieldOfError,
  formFromAgentType,
  formToInput,
  localProblems,
  NAME_PREFIX,
  registeredName,
  type AgentTypeFormState,
  type FieldErrors,
} from './agent-type-form-model.js';

/** "New Self-Hosted Agent Type" (control-plane §3.2), and the same form to edit one with the name read-only. */
export function AgentTypeFormPage({ editName }: { editName?: string }) {
  const editing = editName !== undefined;
  useTitle(editing ? `Edit ${editName}` : 'New self-hosted agent type');
  const client = useApi();
  const memory = useTokenMemory();
  const { navigate } = useNavigation();
  const [form, setForm] = useState<AgentTypeFormState | null>(editing ? null : emptyForm());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    if (!editName) return;
    const controller = new AbortController();
    getAgentType(client, editName, controller.signal)
      .then((type) => setForm(formFromAgentType(type)))
      .catch((error: Error) => { if (!controller.signal.aborted) setLoadError(error.message); });
    return () => controller.abort();
  }, [client, editName]);

  if (loadError) return <Notice tone="error">{sentence(loadError)}</Notice>;
  if (!form) return <div className="skeleton-list" aria-busy="true" aria-label="Loading the agent type" />;

  const set = (patch: Partial<AgentTypeFormState>) => {
    setForm({ ...form, ...patch });
    setErrors((previous) => {
      const next = { ...previous };
      for (const key of Object.keys(patch)) delete next[key === 'suffix' ? 'name' : (key as keyof FieldErrors)];
      delete next.form;
      return next;
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = localProblems(form);
    if (Object.keys(problems).length > 0) return setErrors(problems);
    setBusy(true);
    try {
      if (editing) {
        await updateAgentType(client, editName, formToInput(form));
        navigate(paths.agentType(editName));
      } else {
        const created = await createAgentType(client, formToInput(form));
        if (created.status.registration_token) memory.remember(created.metadata.name, created.status.registration_token);
        navigate(paths.agentType(created.metadata.name));
      }
    } catch (error) {
      const field = error instanceof ApiError ? fieldOfError(error.field) : 'form';
      setErrors({ [field]: sentence((error as Error).message) });
      setBusy(false);
    }
  };

  const name = registeredName(form.suffix);
  return (
    <div className="narrow">
      <Link to={editing ? paths.agentType(editName) : paths.agentTypes()} className="back-link">
        ← {editing ? `Back to ${editName}` : 'Back to all agent types'}
      </Link>
      <h1>{editing ? `Edit ${editName}` : 'New Self-Hosted Agent Type'}</h1>
      <p className="muted">Register and run multiple instances in this agent type.</p>
      <form className="card form-card" onSubmit={(e) => void submit(e)} noValidate>
        <Field
          label="Name of the Self-Hosted Agent Type"
          error={errors.name}
          hint={editing ? 'The name of an agent type cannot change.' : <>No spaces, please. will be registered as: <strong className="mono">{name}</strong></>}
        >
          {(props) => (
            <div className="prefixed-input">
              <span className="input-prefix" aria-hidden="true">{NAME_PREFIX}</span>
              <input
                {...props}
                value={form.suffix}
                onChange={(e) => set({ suffix: e.target.value })}
                readOnly={editing}
                autoFocus={!editing}
                autoComplete="off"
                spellCheck={false}
                placeholder="my-linux-agents"
              />
            </div>
          )}
        </Field>

        <fieldset className="fieldset" aria-describedby={errors.origin ? 'origin-error' : undefined}>
          <legend>Agent name assignment origin</legend>
          <Radio name="origin" checked={form.origin === 'agent'} onChange={() => set({ origin: 'agent' })} label="Agent name is directly assigned by the agent." />
          <Radio
            name="origin"
            checked={form.origin === 'sts'}
            onChange={() => set({ origin: 'sts' })}
            label="Agent name is assigned from a pre-signed AWS STS GetCallerIdentity URL"
          />
          {errors.origin ? <div id="origin-error" className="field-error" role="alert">{errors.origin}</div> : null}
          {form.origin === 'sts' ? (
            <div className="reveal">
              <Field label="What is the AWS account ID?" error={errors.accountId} hint="Only registrations using pre-signed URLs for this account are allowed.">
                {(props) => <input {...props} value={form.accountId} onChange={(e) => set({ accountId: e.target.value })} inputMode="numeric" placeholder="123456789012" autoComplete="off" />}
              </Field>
              <Field label="What are the AWS IAM role names allowed?" error={errors.rolePatterns} hint="A comma-separated list; * matches any characters.">
                {(props) => <input {...props} value={form.rolePatterns} onChange={(e) => set({ rolePatterns: e.target.value })} placeholder="my-role-1,another-role-*" autoComplete="off" spellCheck={false} />}
              </Field>
            </div>
          ) : null}
        </fieldset>

        <fieldset className="fieldset">
          <legend>Agent name release</legend>
          <Radio name="release" checked={form.release === 'immediately'} onChange={() => set({ release: 'immediately' })} label="Agent name is reusable immediately after it disconnects" />
          <Radio name="release" checked={form.release === 'later'} onChange={() => set({ release: 'later' })} label="Agent name is reusable only after some time from it disconnecting" />
          {form.release === 'later' ? (
            <div className="reveal">
              <Field label="How much time (in seconds)?" error={errors.releaseAfter} hint="0, or at least 60 seconds.">
                {(props) => <input {...props} value={form.releaseAfter} onChange={(e) => set({ releaseAfter: e.target.value })} inputMode="numeric" className="input-short" />}
              </Field>
            </div>
          ) : null}
        </fieldset>

        {errors.form ? <p className="form-error" role="alert">{errors.form}</p> : null}
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy} disabled={form.suffix.trim() === ''}>
            {editing ? 'Save changes' : 'Looks good. Register'}
          </Button>
          <Link to={editing ? paths.agentType(editName) : paths.agentTypes()} className="btn btn-ghost">Cancel</Link>
        </div>
        {editing ? null : (
          <p className="form-footnote">Next, you'll see how to install and start agents on Ubuntu, Debian or any Linux, macOS, Windows, Kubernetes and AWS.</p>
        )}
      </form>
    </div>
  );
}

function Radio({ name, checked, onChange, label }: { name: string; checked: boolean; onChange(): void; label: string }) {
  return (
    <label className="radio">
      <input type="radio" name={name} checked={checked} onChange={onChange} />
      <span>{label}</span>
    </label>
  );
}
