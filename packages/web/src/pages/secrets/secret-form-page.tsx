import { useState, type FormEvent } from 'react';
import { useLoadForEdit } from '../../forms/use-load-for-edit.js';
import { createSecret, getSecret, updateSecret } from '../../api/secrets.js';
import { ApiError, type ApiClient } from '../../api/client.js';
import { Button } from '../../components/button.js';
import { Field } from '../../components/field.js';
import { Notice } from '../../components/notice.js';
import { sentence } from '../../format/sentence.js';
import { Link, useNavigation } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useApi } from '../../session/session-context.js';
import { useTitle } from '../use-title.js';
import {
  addEnv,
  addFile,
  changeEnv,
  changeFile,
  emptyForm,
  envField,
  fieldOfError,
  fileField,
  formFromSecret,
  formToInput,
  isTooShortToMask,
  localProblems,
  removeEnv,
  removeFile,
  type EnvRow,
  type FieldErrors,
  type FileRow,
  type SecretFormState,
} from './secret-form-model.js';

type Update = (next: SecretFormState, touched: string[]) => void;

/** New secret, and the same form to edit one: names and paths shown, values blank ("unchanged") unless typed again. */
export function SecretFormPage({ editName }: { editName?: string }) {
  const editing = editName !== undefined;
  useTitle(editing ? `Edit ${editName}` : 'New secret');
  const client = useApi();
  const { navigate } = useNavigation();
  const { form, setForm, loadError } = useSecretForm(client, editName);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  if (loadError) return <Notice tone="error">{sentence(loadError)}</Notice>;
  if (!form) return <div className="skeleton-list" aria-busy="true" aria-label="Loading the secret" />;

  const update: Update = (next, touched) => {
    setForm(next);
    setErrors((previous) => Object.fromEntries(Object.entries(previous).filter(([field]) => ![...touched, 'form'].includes(field))));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = localProblems(form);
    if (Object.keys(problems).length > 0) return setErrors(problems);
    setBusy(true);
    try {
      const saved = editing ? await updateSecret(client, editName, formToInput(form)) : await createSecret(client, formToInput(form));
      navigate(`${paths.secrets()}?saved=${encodeURIComponent(saved.metadata.name)}`);
    } catch (error) {
      const field = error instanceof ApiError ? fieldOfError(error.field, form) : 'form';
      setErrors({ [field]: sentence((error as Error).message) });
      setBusy(false);
    }
  };

  return (
    <div className="narrow secret-form">
      <Link to={paths.secrets()} className="back-link">← Back to secrets</Link>
      <h1>{editing ? `Edit ${editName}` : 'New secret'}</h1>
      <p className="muted">Values are encrypted when you save and never shown again.{editing ? ' Leave a value blank to keep it; type a new one to replace it.' : ''}</p>
      <form className="card form-card" onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Name" error={errors.name} hint="Letters, digits, dashes, underscores and dots. Pipelines import the secret by this name.">
          {(props) => <input {...props} value={form.name} onChange={(e) => update({ ...form, name: e.target.value }, ['name'])} autoFocus={!editing} autoComplete="off" spellCheck={false} placeholder="aws-credentials" />}
        </Field>
        <Field label="Description (optional)" error={errors.description}>
          {(props) => <input {...props} value={form.description} onChange={(e) => update({ ...form, description: e.target.value }, ['description'])} autoComplete="off" />}
        </Field>
        <EnvVarsFieldset form={form} errors={errors} update={update} />
        <FilesFieldset form={form} errors={errors} update={update} />
        {errors.form ? <p className="form-error" role="alert">{errors.form}</p> : null}
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy}>{editing ? 'Save changes' : 'Save secret'}</Button>
          <Link to={paths.secrets()} className="btn btn-ghost">Cancel</Link>
        </div>
      </form>
    </div>
  );
}

/** A blank form, or the secret's names and paths once loaded. */
function useSecretForm(client: ApiClient, editName: string | undefined) {
  const [form, setForm] = useState<SecretFormState | null>(editName === undefined ? emptyForm() : null);
  const loadError = useLoadForEdit(client, editName, getSecret, (secret) => setForm(formFromSecret(secret)));
  return { form, setForm, loadError };
}

function EnvVarsFieldset({ form, errors, update }: { form: SecretFormState; errors: FieldErrors; update: Update }) {
  return (
    <fieldset className="fieldset">
      <legend>Environment variables</legend>
      {form.envVars.map((row) => (
        <EnvVarRow
          key={row.key}
          row={row}
          errors={errors}
          onChange={(patch) => update(changeEnv(form, row.key, patch), Object.keys(patch).map((k) => envField(row, k === 'name' ? 'name' : 'value')))}
          onRemove={() => update(removeEnv(form, row.key), [])}
        />
      ))}
      <Button size="sm" onClick={() => update(addEnv(form), [])}>Add environment variable</Button>
    </fieldset>
  );
}

function FilesFieldset({ form, errors, update }: { form: SecretFormState; errors: FieldErrors; update: Update }) {
  return (
    <fieldset className="fieldset">
      <legend>Files</legend>
      {form.files.map((row) => (
        <FileRowFields
          key={row.key}
          row={row}
          errors={errors}
          onChange={(patch) => update(changeFile(form, row.key, patch), [fileField(row, 'path'), fileField(row, 'content')])}
          onRemove={() => update(removeFile(form, row.key), [])}
        />
      ))}
      <Button size="sm" onClick={() => update(addFile(form), [])}>Add file</Button>
    </fieldset>
  );
}

function EnvVarRow({ row, errors, onChange, onRemove }: { row: EnvRow; errors: FieldErrors; onChange(patch: Partial<EnvRow>): void; onRemove(): void }) {
  const kept = row.storedName !== null && row.storedName === row.name.trim();
  return (
    <div className="secret-row" role="group" aria-label={row.name ? `Variable ${row.name}` : 'New variable'}>
      <Field label="Variable name" error={errors[envField(row, 'name')]}>
        {(props) => <input {...props} className="mono" value={row.name} onChange={(e) => onChange({ name: e.target.value })} autoComplete="off" spellCheck={false} placeholder="API_TOKEN" />}
      </Field>
      <Field label="Value" error={errors[envField(row, 'value')]} hint={isTooShortToMask(row.value) ? 'Shorter than 6 characters: job logs will not mask it.' : undefined}>
        {(props) => (
          <input {...props} type="password" value={row.value} onChange={(e) => onChange({ value: e.target.value })} autoComplete="new-password" spellCheck={false} placeholder={kept ? 'Unchanged' : ''} />
        )}
      </Field>
      <Button size="sm" variant="ghost" className="secret-row-remove" onClick={onRemove} aria-label={`Remove ${row.name || 'this variable'}`}>Remove</Button>
    </div>
  );
}

function FileRowFields({ row, errors, onChange, onRemove }: { row: FileRow; errors: FieldErrors; onChange(patch: Partial<FileRow>): void; onRemove(): void }) {
  const kept = row.storedPath !== null && row.storedPath === row.path.trim() && row.content === null;
  const choose = (file: File | undefined) => {
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => onChange({ content: String(reader.result).replace(/^data:[^,]*,/, ''), fileName: file.name, bytes: file.size });
    reader.readAsDataURL(file);
  };
  const hint = row.content !== null ? `${row.fileName} (${row.bytes} bytes) will be saved.` : kept ? 'Unchanged; choose a file to replace it.' : undefined;
  return (
    <div className="secret-row" role="group" aria-label={row.path ? `File ${row.path}` : 'New file'}>
      <Field label="Path in the job" error={errors[fileField(row, 'path')]} hint="Relative paths are under the agent user's home.">
        {(props) => <input {...props} className="mono" value={row.path} onChange={(e) => onChange({ path: e.target.value })} autoComplete="off" spellCheck={false} placeholder=".ssh/id_rsa" />}
      </Field>
      <Field label="File" error={errors[fileField(row, 'content')]} hint={hint}>
        {(props) => <input {...props} type="file" onChange={(e) => choose(e.target.files?.[0])} />}
      </Field>
      <Button size="sm" variant="ghost" className="secret-row-remove" onClick={onRemove} aria-label={`Remove ${row.path || 'this file'}`}>Remove</Button>
    </div>
  );
}
