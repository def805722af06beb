import { useState, type FormEvent } from 'react';
import { createAgentType, getAgentType, updateAgentType } from '../../api/agent-types.js';
import { ApiError, type ApiClient } from '../../api/client.js';
import { useLoadForEdit } from '../../forms/use-load-for-edit.js';
import { sentence } from '../../format/sentence.js';
import { useNavigation } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useApi } from '../../session/session-context.js';
import { useTokenMemory, type TokenMemory } from '../../session/token-memory.js';
import {
  emptyForm,
  fieldOfError,
  formFromAgentType,
  formToInput,
  localProblems,
  type AgentTypeFormState,
  type FieldErrors,
} from './agent-type-form-model.js';

export interface AgentTypeForm {
  form: AgentTypeFormState | null;
  errors: FieldErrors;
  busy: boolean;
  loadError: string | null;
  set(patch: Partial<AgentTypeFormState>): void;
  submit(event: FormEvent): Promise<void>;
}

/** The agent-type form's state: loads the type to edit, clears a field's error as it changes, saves and moves on. */
export function useAgentTypeForm(editName: string | undefined): AgentTypeForm {
  const client = useApi();
  const memory = useTokenMemory();
  const { navigate } = useNavigation();
  const [form, setForm] = useState<AgentTypeFormState | null>(editName !== undefined ? null : emptyForm());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const loadError = useLoadForEdit(client, editName, getAgentType, (type) => setForm(formFromAgentType(type)));

  const set = (patch: Partial<AgentTypeFormState>) => {
    if (!form) return;
    setForm({ ...form, ...patch });
    setErrors((previous) => withoutErrorsOf(previous, patch));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form) return;
    const problems = localProblems(form);
    if (Object.keys(problems).length > 0) return setErrors(problems);
    setBusy(true);
    try {
      navigate(paths.agentType(await saveAgentType(client, memory, form, editName)));
    } catch (error) {
      const field = error instanceof ApiError ? fieldOfError(error.field) : 'form';
      setErrors({ [field]: sentence((error as Error).message) });
      setBusy(false);
    }
  };

  return { form, errors, busy, loadError, set, submit };
}

/** Creates or updates the type; a new type's registration token is remembered for its page. Returns its name. */
async function saveAgentType(client: ApiClient, memory: TokenMemory, form: AgentTypeFormState, editName: string | undefined): Promise<string> {
  if (editName !== undefined) {
    await updateAgentType(client, editName, formToInput(form));
    return editName;
  }
  const created = await createAgentType(client, formToInput(form));
  if (created.status.registration_token) memory.remember(created.metadata.name, created.status.registration_token);
  return created.metadata.name;
}

function withoutErrorsOf(previous: FieldErrors, patch: Partial<AgentTypeFormState>): FieldErrors {
  const next = { ...previous };
  for (const key of Object.keys(patch)) delete next[key === 'suffix' ? 'name' : (key as keyof FieldErrors)];
  delete next.form;
  return next;
}
