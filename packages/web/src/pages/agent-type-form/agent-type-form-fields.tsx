import { Field } from '../../components/field.js';
import { NAME_PREFIX, registeredName, type AgentTypeFormState, type FieldErrors } from './agent-type-form-model.js';

export interface FieldsProps {
  form: AgentTypeFormState;
  errors: FieldErrors;
  set(patch: Partial<AgentTypeFormState>): void;
}

/** The name: `s1-` plus what the person types, read-only when editing. */
export function NameField({ form, errors, set, editing }: FieldsProps & { editing: boolean }) {
  const name = registeredName(form.suffix);
  return (
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
  );
}

/** Who names the agents: the agent itself, or a pre-signed AWS STS URL (then the account and roles allowed). */
export function OriginFieldset({ form, errors, set }: FieldsProps) {
  return (
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
  );
}

/** When a disconnected agent's name may be used again. */
export function ReleaseFieldset({ form, errors, set }: FieldsProps) {
  return (
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
