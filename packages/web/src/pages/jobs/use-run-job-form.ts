import { useEffect, useState, type FormEvent } from 'react';
import type { AgentType } from '@outpost/protocol';
import { ApiError } from '../../api/client.js';
import { createJob } from '../../api/jobs.js';
import { sentence } from '../../format/sentence.js';
import { useNavigation } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useApi } from '../../session/session-context.js';

const SAMPLE_COMMANDS = ['echo "Hello from $(hostname)"', 'uname -a', 'printf "\\033[32m✓ the agent works\\033[0m\\n"'].join('\n');

export type RunField = 'type' | 'name' | 'commands' | 'form';

export interface RunJobForm {
  agentType: string;
  name: string;
  commands: string;
  errors: Partial<Record<RunField, string>>;
  busy: boolean;
  /** Each setter clears the errors shown, as any edit may have fixed them. */
  setAgentType(value: string): void;
  setName(value: string): void;
  setCommands(value: string): void;
  submit(event: FormEvent): Promise<void>;
}

/** The run-a-job form: the type (the URL's, else the first listed), a name and commands; Run opens the new job. */
export function useRunJobForm(types: AgentType[] | undefined): RunJobForm {
  const client = useApi();
  const { search, navigate } = useNavigation();
  const [agentType, setAgentType] = useState(search.get('agent_type') ?? '');
  const [name, setName] = useState('Try it out');
  const [commands, setCommands] = useState(SAMPLE_COMMANDS);
  const [errors, setErrors] = useState<Partial<Record<RunField, string>>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const first = types?.[0];
    if (!agentType && first) setAgentType(first.metadata.name);
  }, [types, agentType]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const lines = commandLines(commands);
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

  const clearing = (set: (value: string) => void) => (value: string) => {
    set(value);
    setErrors({});
  };
  return { agentType, name, commands, errors, busy, setAgentType: clearing(setAgentType), setName: clearing(setName), setCommands: clearing(setCommands), submit };
}

/** The non-blank lines, trailing spaces trimmed. */
function commandLines(text: string): string[] {
  return text.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
}

function runFieldOf(field: string | undefined): RunField {
  if (!field) return 'form';
  if (field.includes('machine') || field.includes('agent')) return 'type';
  if (field.includes('commands')) return 'commands';
  if (field.includes('name')) return 'name';
  return 'form';
}
