import type { AgentType, AgentTypeInput } from '@outpost/protocol';

/** The "Add self-hosted agent type" form as data: state → request body, server errors → the field at fault (pure). */
export interface AgentTypeFormState {
  /** What follows the fixed `s1-` prefix. */
  suffix: string;
  origin: 'agent' | 'sts';
  accountId: string;
  rolePatterns: string;
  release: 'immediately' | 'later';
  releaseAfter: string;
}

export type FormField = 'name' | 'origin' | 'accountId' | 'rolePatterns' | 'releaseAfter' | 'form';
export type FieldErrors = Partial<Record<FormField, string>>;

export const NAME_PREFIX = 's1-';

export function emptyForm(): AgentTypeFormState {
  return { suffix: '', origin: 'agent', accountId: '', rolePatterns: '', release: 'immediately', releaseAfter: '60' };
}

export function formFromAgentType(type: AgentType): AgentTypeFormState {
  const settings = type.spec.agent_name_settings;
  return {
    suffix: type.metadata.name.startsWith(NAME_PREFIX) ? type.metadata.name.slice(NAME_PREFIX.length) : type.metadata.name,
    origin: settings.assignment_origin === 'assignment_origin_aws_sts' ? 'sts' : 'agent',
    accountId: settings.aws?.account_id ?? '',
    rolePatterns: settings.aws?.role_name_patterns ?? '',
    release: settings.release_after > 0 ? 'later' : 'immediately',
    releaseAfter: String(settings.release_after > 0 ? settings.release_after : 60),
  };
}

/** The name the type will be registered as, as the hint shows it while the person types. */
export function registeredName(suffix: string): string {
  return `${NAME_PREFIX}${suffix.trim()}`;
}

/** Problems the browser can see before asking the hub; the hub checks everything again. */
export function localProblems(state: AgentTypeFormState): FieldErrors {
  const problems: FieldErrors = {};
  if (/\s/.test(state.suffix.trim())) problems.name = 'No spaces, please.';
  if (state.release === 'later' && !/^\d+$/.test(state.releaseAfter.trim())) problems.releaseAfter = 'Enter a whole number of seconds.';
  return problems;
}

export function formToInput(state: AgentTypeFormState): AgentTypeInput {
  const sts = state.origin === 'sts';
  return {
    metadata: { name: registeredName(state.suffix) },
    spec: {
      agent_name_settings: {
        assignment_origin: sts ? 'assignment_origin_aws_sts' : 'assignment_origin_agent',
        release_after: state.release === 'later' ? Number(state.releaseAfter.trim()) : 0,
        aws: sts ? { account_id: state.accountId.trim(), role_name_patterns: state.rolePatterns.trim() } : null,
      },
    },
  };
}

const FIELD_OF_PATH: Array<[string, FormField]> = [
  ['metadata.name', 'name'],
  ['spec.agent_name_settings.aws.account_id', 'accountId'],
  ['spec.agent_name_settings.aws.role_name_patterns', 'rolePatterns'],
  ['spec.agent_name_settings.aws', 'origin'],
  ['spec.agent_name_settings.assignment_origin', 'origin'],
  ['spec.agent_name_settings.release_after', 'releaseAfter'],
];

/** The form field an error body's `field` names; anything else is shown above the buttons. */
export function fieldOfError(field: string | undefined): FormField {
  return FIELD_OF_PATH.find(([path]) => path === field)?.[1] ?? 'form';
}
