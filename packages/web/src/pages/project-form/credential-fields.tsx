import { Field } from '../../components/field.js';
import type { CredentialChoice, ProjectFormState } from './project-form-model.js';

const CHOICES: Array<{ value: CredentialChoice; label: string; editOnly?: boolean }> = [
  { value: 'keep', label: 'Keep the credentials that are set', editOnly: true },
  { value: 'none', label: 'None (a public or local repository)' },
  { value: 'token', label: 'An HTTPS token (GitHub, GitLab, Gitea access token)' },
  { value: 'ssh_key', label: 'An SSH deploy key' },
];

/** Repository credentials: write-only; the hub encrypts them and never shows them again. */
export function CredentialFields({ form, editing, error, set }: { form: ProjectFormState; editing: boolean; error?: string; set(patch: Partial<ProjectFormState>): void }) {
  return (
    <fieldset className="fieldset">
      <legend>Repository credentials</legend>
      {CHOICES.filter((c) => editing || !c.editOnly).map((choice) => (
        <label className="radio" key={choice.value}>
          <input type="radio" name="credential" checked={form.credential === choice.value} onChange={() => set({ credential: choice.value })} />
          <span>{choice.label}</span>
        </label>
      ))}
      {form.credential === 'token' ? (
        <div className="reveal">
          <Field label="Token" hint="Read access to the repository; with commit status access, the hub also reports results to the commit.">
            {(props) => <input {...props} type="password" className="mono" value={form.token} onChange={(e) => set({ token: e.target.value })} autoComplete="off" />}
          </Field>
          <Field label="User name (optional)" hint="x-access-token when empty (GitHub's); GitLab and Gitea take any name.">
            {(props) => <input {...props} value={form.username} onChange={(e) => set({ username: e.target.value })} autoComplete="off" />}
          </Field>
        </div>
      ) : null}
      {form.credential === 'ssh_key' ? (
        <div className="reveal">
          <Field label="Private key" hint="The deploy key's private half (OpenSSH format); add its public half to the repository.">
            {(props) => <textarea {...props} className="mono" rows={5} value={form.sshKey} onChange={(e) => set({ sshKey: e.target.value })} spellCheck={false} placeholder="-----BEGIN OPENSSH PRIVATE KEY-----" />}
          </Field>
        </div>
      ) : null}
      {error ? <div className="field-error" role="alert">{error}</div> : null}
    </fieldset>
  );
}
