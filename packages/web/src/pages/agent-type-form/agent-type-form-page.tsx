import { Button } from '../../components/button.js';
import { Notice } from '../../components/notice.js';
import { sentence } from '../../format/sentence.js';
import { Link } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useTitle } from '../use-title.js';
import { NameField, OriginFieldset, ReleaseFieldset } from './agent-type-form-fields.js';
import type { AgentTypeFormState, FieldErrors } from './agent-type-form-model.js';
import { useAgentTypeForm } from './use-agent-type-form.js';

/** "New Self-Hosted Agent Type" (control-plane §3.2), and the same form to edit one with the name read-only. */
export function AgentTypeFormPage({ editName }: { editName?: string }) {
  const editing = editName !== undefined;
  useTitle(editing ? `Edit ${editName}` : 'New self-hosted agent type');
  const { form, errors, busy, loadError, set, submit } = useAgentTypeForm(editName);

  if (loadError) return <Notice tone="error">{sentence(loadError)}</Notice>;
  if (!form) return <div className="skeleton-list" aria-busy="true" aria-label="Loading the agent type" />;

  return (
    <div className="narrow">
      <Link to={editing ? paths.agentType(editName) : paths.agentTypes()} className="back-link">
        ← {editing ? `Back to ${editName}` : 'Back to all agent types'}
      </Link>
      <h1>{editing ? `Edit ${editName}` : 'New Self-Hosted Agent Type'}</h1>
      <p className="muted">Register and run multiple instances in this agent type.</p>
      <form className="card form-card" onSubmit={(e) => void submit(e)} noValidate>
        <NameField form={form} errors={errors} set={set} editing={editing} />
        <OriginFieldset form={form} errors={errors} set={set} />
        <ReleaseFieldset form={form} errors={errors} set={set} />
        <FormEnd form={form} errors={errors} busy={busy} editName={editName} />
      </form>
    </div>
  );
}

/** The form-wide error, Save/Register and Cancel, and what comes next after registering. */
function FormEnd({ form, errors, busy, editName }: { form: AgentTypeFormState; errors: FieldErrors; busy: boolean; editName?: string }) {
  const editing = editName !== undefined;
  return (
    <>
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
    </>
  );
}
