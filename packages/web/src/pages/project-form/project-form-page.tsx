import { useState, type FormEvent } from 'react';
import { useLoadForEdit } from '../../forms/use-load-for-edit.js';
import { createProject, getProject, updateProject } from '../../api/projects.js';
import { ApiError, type ApiClient } from '../../api/client.js';
import { Button } from '../../components/button.js';
import { Field } from '../../components/field.js';
import { Notice } from '../../components/notice.js';
import { sentence } from '../../format/sentence.js';
import { Link, useNavigation } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useApi } from '../../session/session-context.js';
import { useTokenMemory } from '../../session/token-memory.js';
import { useTitle } from '../use-title.js';
import { CredentialFields } from './credential-fields.js';
import { emptyProjectForm, fieldOfError, formFromProject, formToInput, localProblems, type FieldErrors, type ProjectFormState } from './project-form-model.js';

/** Webhook secrets from a create or a reset wait in memory (never storage) until the project page shows them once. */
export const webhookSecretKey = (projectName: string) => `project:${projectName}`;

/** New project, and the same form to edit one (its credentials kept unless replaced). */
export function ProjectFormPage({ editName }: { editName?: string }) {
  const editing = editName !== undefined;
  useTitle(editing ? `Edit ${editName}` : 'New project');
  const client = useApi();
  const memory = useTokenMemory();
  const { navigate } = useNavigation();
  const { form, setForm, loadError } = useProjectFormState(editName);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  if (loadError) return <Notice tone="error">{sentence(loadError)}</Notice>;
  if (!form) return <div className="skeleton-list" aria-busy="true" aria-label="Loading the project" />;

  const set = (patch: Partial<ProjectFormState>) => {
    setForm({ ...form, ...patch });
    setErrors({});
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = localProblems(form);
    if (Object.keys(problems).length > 0) return setErrors(problems);
    setBusy(true);
    try {
      const name = await saveProject(client, editName, form, memory);
      navigate(paths.project(name));
    } catch (error) {
      setErrors({ [error instanceof ApiError ? fieldOfError(error.field) : 'form']: sentence((error as Error).message) });
      setBusy(false);
    }
  };

  const back = editing ? paths.project(editName) : paths.projects();
  return (
    <div className="narrow">
      <FormHeading editName={editName} back={back} />
      <form className="card form-card" onSubmit={(e) => void submit(e)} noValidate>
        <RepositoryFields form={form} errors={errors} editing={editing} set={set} />
        <TriggerFields form={form} errors={errors} set={set} />
        <CredentialFields form={form} editing={editing} error={errors.credential} set={set} />
        <FormFooter error={errors.form} busy={busy} editing={editing} back={back} />
      </form>
    </div>
  );
}

function FormHeading({ editName, back }: { editName?: string; back: string }) {
  return (
    <>
      <Link to={back} className="back-link">← {editName !== undefined ? `Back to ${editName}` : 'Back to all projects'}</Link>
      <h1>{editName !== undefined ? `Edit ${editName}` : 'New project'}</h1>
      <p className="muted">A git repository and the pipeline file that runs when it changes.</p>
    </>
  );
}

function FormFooter({ error, busy, editing, back }: { error?: string; busy: boolean; editing: boolean; back: string }) {
  return (
    <>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy}>{editing ? 'Save changes' : 'Create project'}</Button>
        <Link to={back} className="btn btn-ghost">Cancel</Link>
      </div>
    </>
  );
}

/** An empty form for a new project; for an edit, the project's form once it has loaded. */
function useProjectFormState(editName: string | undefined) {
  const client = useApi();
  const [form, setForm] = useState<ProjectFormState | null>(editName !== undefined ? null : emptyProjectForm());
  const loadError = useLoadForEdit(client, editName, getProject, (project) => setForm(formFromProject(project)));
  return { form, setForm, loadError };
}

/** Creates or updates the project; a new project's webhook secret is kept in memory for its page. Returns its name. */
async function saveProject(client: ApiClient, editName: string | undefined, form: ProjectFormState, memory: { remember(key: string, value: string): void }): Promise<string> {
  if (editName !== undefined) return (await updateProject(client, editName, formToInput(form))).metadata.name;
  const created = await createProject(client, formToInput(form));
  if (created.status.webhook_secret) memory.remember(webhookSecretKey(created.metadata.name), created.status.webhook_secret);
  return created.metadata.name;
}

interface FieldsProps {
  form: ProjectFormState;
  errors: FieldErrors;
  set(patch: Partial<ProjectFormState>): void;
}

function RepositoryFields({ form, errors, editing, set }: FieldsProps & { editing: boolean }) {
  return (
    <>
      <Field label="Project name" error={errors.name} hint="Letters, digits, dashes and underscores; unique in the organization.">
        {(props) => <input {...props} value={form.name} onChange={(e) => set({ name: e.target.value })} autoFocus={!editing} autoComplete="off" spellCheck={false} placeholder="web-app" />}
      </Field>
      <Field label="Repository URL" error={errors.url} hint="https://, ssh:// or git@host:org/repo.git, or file:///path for a repository on the hub's machine.">
        {(props) => <input {...props} className="mono" value={form.url} onChange={(e) => set({ url: e.target.value })} autoComplete="off" spellCheck={false} placeholder="https://github.com/acme/web-app.git" />}
      </Field>
      <Field label="Description (optional)">
        {(props) => <input {...props} value={form.description} onChange={(e) => set({ description: e.target.value })} autoComplete="off" />}
      </Field>
      <Field label="Pipeline file" error={errors.pipelineFile} hint="The file a push runs, relative to the repository root.">
        {(props) => <input {...props} className="mono" value={form.pipelineFile} onChange={(e) => set({ pipelineFile: e.target.value })} autoComplete="off" spellCheck={false} />}
      </Field>
    </>
  );
}

/** Which events run the pipeline, and which branches and tags. */
function TriggerFields({ form, errors, set }: FieldsProps) {
  return (
    <>
      <fieldset className="fieldset">
        <legend>What runs the pipeline</legend>
        <Check label="Pushes to branches" checked={form.runOn.branches} onChange={(v) => set({ runOn: { ...form.runOn, branches: v } })} />
        <Check label="Tags" checked={form.runOn.tags} onChange={(v) => set({ runOn: { ...form.runOn, tags: v } })} />
        <Check label="Pull requests (opened and updated)" checked={form.runOn.pull_requests} onChange={(v) => set({ runOn: { ...form.runOn, pull_requests: v } })} />
        {errors.runOn ? <div className="field-error" role="alert">{errors.runOn}</div> : null}
      </fieldset>
      <Field label="Branches that run (optional)" hint="One per line: a name, or /a regular expression/. Empty runs every branch.">
        {(props) => <textarea {...props} className="mono" rows={3} value={form.whitelistBranches} onChange={(e) => set({ whitelistBranches: e.target.value })} spellCheck={false} />}
      </Field>
      <Field label="Tags that run (optional)" hint="One per line, as above. Empty runs every tag.">
        {(props) => <textarea {...props} className="mono" rows={2} value={form.whitelistTags} onChange={(e) => set({ whitelistTags: e.target.value })} spellCheck={false} />}
      </Field>
    </>
  );
}

export function Check({ label, checked, onChange }: { label: string; checked: boolean; onChange(value: boolean): void }) {
  return (
    <label className="checkbox">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  );
}
