import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client.js';
import { listAgentTypes } from '../../api/agent-types.js';
import { createJob } from '../../api/jobs.js';
import { Button } from '../../components/button.js';
import { Field } from '../../components/field.js';
import { Notice } from '../../components/notice.js';
import { sentence } from '../../format/sentence.js';
import { usePoll } from '../../live/use-poll.js';
import { Link, useNavigation } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useApi } from '../../session/session-context.js';
import { useTitle } from '../use-title.js';

const SAMPLE_COMMANDS = ['echo "Hello from $(hostname)"', 'uname -a', 'printf "\\033[32m✓ the agent works\\033[0m\\n"'].join('\n');

type RunField = 'type' | 'name' | 'commands' | 'form';

/** A small form to try an agent out: pick a type, type some commands, watch them run. */
export function RunJobPage() {
  useTitle('Run a job');
  const client = useApi();
  const { search, navigate } = useNavigation();
  const types = usePoll((signal) => listAgentTypes(client, signal), 30_000, [client]);
  const [agentType, setAgentType] = useState(search.get('agent_type') ?? '');
  const [name, setName] = useState('Try it out');
  const [commands, setCommands] = useState(SAMPLE_COMMANDS);
  const [errors, setErrors] = useState<Partial<Record<RunField, string>>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const first = types.data?.[0];
    if (!agentType && first) setAgentType(first.metadata.name);
  }, [types.data, agentType]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const lines = commands.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
    if (lines.length === 0) return setErrors({ commands: 'Type at least one command.' });
    setBusy(true);
    try {
      const job = await createJob(client, {
        metadata: { name: name.trim() || 'Try it out' },
        spec: { agent: { machine: { type: agentType, os_image: '' } }, commands: lines },
      });
      navigate(paths.job(job.metadata.id));
    } catch (error) {
      const field = error instanceof ApiError ? runFieldOf(error.field) : 'form';
      setErrors({ [field]: sentence((error as Error).message) });
      setBusy(false);
    }
  };

  return (
    <div className="narrow">
      <Link to={paths.jobs()} className="back-link">← Back to jobs</Link>
      <h1>Run a job</h1>
      <p className="muted">The commands run one after another in a bash session on an agent of the type you pick.</p>
      {types.data && types.data.length === 0 ? (
        <Notice tone="warning">There is no agent type yet. <Link to={paths.newAgentType()}>Add a self-hosted agent type</Link> first.</Notice>
      ) : null}
      <form className="card form-card" onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Agent type" error={errors.type}>
          {(props) => (
            <select {...props} value={agentType} onChange={(e) => { setAgentType(e.target.value); setErrors({}); }} required>
              {agentType === '' ? <option value="">Choose an agent type</option> : null}
              {(types.data ?? []).map((t) => (
                <option key={t.metadata.name} value={t.metadata.name}>
                  {t.metadata.name} ({t.status.total_agent_count === 1 ? '1 agent' : `${t.status.total_agent_count} agents`})
                </option>
              ))}
              {agentType && !(types.data ?? []).some((t) => t.metadata.name === agentType) ? <option value={agentType}>{agentType}</option> : null}
            </select>
          )}
        </Field>
        <Field label="Job name" error={errors.name}>
          {(props) => <input {...props} value={name} onChange={(e) => { setName(e.target.value); setErrors({}); }} maxLength={500} />}
        </Field>
        <Field label="Commands" hint="One command per line." error={errors.commands}>
          {(props) => (
            <textarea {...props} className="mono" rows={8} value={commands} spellCheck={false} onChange={(e) => { setCommands(e.target.value); setErrors({}); }} />
          )}
        </Field>
        {errors.form ? <p className="form-error" role="alert">{errors.form}</p> : null}
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy} disabled={!agentType}>Run job</Button>
          <Link to={paths.jobs()} className="btn btn-ghost">Cancel</Link>
        </div>
      </form>
    </div>
  );
}

function runFieldOf(field: string | undefined): RunField {
  if (!field) return 'form';
  if (field.includes('machine') || field.includes('agent')) return 'type';
  if (field.includes('commands')) return 'commands';
  if (field.includes('name')) return 'name';
  return 'form';
}
