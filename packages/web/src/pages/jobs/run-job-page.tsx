import type { AgentType } from '@outpost/protocol';
import { listAgentTypes } from '../../api/agent-types.js';
import { Button } from '../../components/button.js';
import { Field } from '../../components/field.js';
import { Notice } from '../../components/notice.js';
import { usePoll } from '../../live/use-poll.js';
import { Link } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useApi } from '../../session/session-context.js';
import { useTitle } from '../use-title.js';
import { useRunJobForm } from './use-run-job-form.js';

/** A small form to try an agent out: pick a type, type some commands, watch them run. */
export function RunJobPage() {
  useTitle('Run a job');
  const client = useApi();
  const types = usePoll((signal) => listAgentTypes(client, signal), 30_000, [client]);
  const form = useRunJobForm(types.data);
  const { errors } = form;

  return (
    <div className="narrow">
      <Link to={paths.jobs()} className="back-link">← Back to jobs</Link>
      <h1>Run a job</h1>
      <p className="muted">The commands run one after another in a bash session on an agent of the type you pick.</p>
      {types.data && types.data.length === 0 ? (
        <Notice tone="warning">There is no agent type yet. <Link to={paths.newAgentType()}>Add a self-hosted agent type</Link> first.</Notice>
      ) : null}
      <form className="card form-card" onSubmit={(e) => void form.submit(e)} noValidate>
        <Field label="Agent type" error={errors.type}>
          {(props) => <AgentTypeSelect {...props} types={types.data ?? []} value={form.agentType} onChange={form.setAgentType} />}
        </Field>
        <Field label="Job name" error={errors.name}>
          {(props) => <input {...props} value={form.name} onChange={(e) => form.setName(e.target.value)} maxLength={500} />}
        </Field>
        <Field label="Commands" hint="One command per line." error={errors.commands}>
          {(props) => (
            <textarea {...props} className="mono" rows={8} value={form.commands} spellCheck={false} onChange={(e) => form.setCommands(e.target.value)} />
          )}
        </Field>
        {errors.form ? <p className="form-error" role="alert">{errors.form}</p> : null}
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={form.busy} disabled={!form.agentType}>Run job</Button>
          <Link to={paths.jobs()} className="btn btn-ghost">Cancel</Link>
        </div>
      </form>
    </div>
  );
}

/** The types with their agent counts; a type named in the URL but not listed stays selectable. */
function AgentTypeSelect({
  types,
  value,
  onChange,
  ...props
}: {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
  types: AgentType[];
  value: string;
  onChange(value: string): void;
}) {
  return (
    <select {...props} value={value} onChange={(e) => onChange(e.target.value)} required>
      {value === '' ? <option value="">Choose an agent type</option> : null}
      {types.map((t) => (
        <option key={t.metadata.name} value={t.metadata.name}>
          {t.metadata.name} ({t.status.total_agent_count === 1 ? '1 agent' : `${t.status.total_agent_count} agents`})
        </option>
      ))}
      {value && !types.some((t) => t.metadata.name === value) ? <option value={value}>{value}</option> : null}
    </select>
  );
}
