import { ASSIGNMENT_ORIGINS, agentTypeNameProblem, releaseAfterProblem, type AssignmentOrigin } from '@outpost/protocol';
import type { AgentTypeSettings } from '../store/agent-types.js';

/** The create/update body turned into settings, or the field at fault and a sentence about it (control-plane §1.2). */
export type AgentTypeInputResult = { ok: true; name: string; settings: AgentTypeSettings } | { ok: false; field: string; problem: string };

type Problem = { ok: false; field: string; problem: string };
type Fields = Record<string, unknown>;

const SETTINGS = 'spec.agent_name_settings';
export const DEFAULT_AGENT_TYPE_SETTINGS: AgentTypeSettings = {
  assignmentOrigin: 'assignment_origin_agent',
  releaseAfterSeconds: 0,
  awsAccountId: null,
  awsRoleNamePatterns: null,
};
/** AWS account IDs are 12 digits; IAM role names are 1–64 of [A-Za-z0-9+=,.@_-], and we add `*` as the wildcard. */
const AWS_ACCOUNT_ID = /^\d{12}$/;
const ROLE_NAME_PATTERN = /^[A-Za-z0-9+=.@_*-]{1,64}$/;

export function parseAgentTypeCreate(body: unknown): AgentTypeInputResult {
  const parts = readParts(body);
  if (!parts.ok) return parts;
  if (parts.name === undefined) return problem('metadata.name', "metadata.name is required, e.g. {\"metadata\":{\"name\":\"s1-linux\"}}");
  const nameProblem = agentTypeNameProblem(parts.name);
  if (nameProblem) return problem('metadata.name', nameProblem);
  return combine(parts.name, DEFAULT_AGENT_TYPE_SETTINGS, parts.settings);
}

/** PATCH: fields that are present change, absent ones keep their value; the name never changes. */
export function parseAgentTypeUpdate(body: unknown, current: { name: string; settings: AgentTypeSettings }): AgentTypeInputResult {
  const parts = readParts(body);
  if (!parts.ok) return parts;
  if (parts.name !== undefined && parts.name !== current.name) {
    return problem('metadata.name', `the name of an agent type cannot be changed (this one is '${current.name}'); create a new type instead`);
  }
  return combine(current.name, current.settings, parts.settings);
}

interface SettingsPatch {
  origin?: AssignmentOrigin;
  releaseAfterSeconds?: number;
  /** null: explicitly cleared; undefined: not given. */
  aws?: { accountId?: string; roleNamePatterns?: string } | null;
}

function readParts(body: unknown): { ok: true; name?: string; settings: SettingsPatch } | Problem {
  const root = readObject(body, '');
  if (!root.ok) return root;
  const metadataRead = readObject(root.fields.metadata, 'metadata');
  if (!metadataRead.ok) return metadataRead;
  const spec = readObject(root.fields.spec, 'spec');
  if (!spec.ok) return spec;
  const settingsRead = readObject(spec.fields.agent_name_settings, SETTINGS);
  if (!settingsRead.ok) return settingsRead;
  const metadata = metadataRead.fields;
  const nameSettings = settingsRead.fields;

  let name: string | undefined;
  if (metadata.name !== undefined && metadata.name !== null) {
    if (typeof metadata.name !== 'string') return problem('metadata.name', 'metadata.name must be a string');
    name = metadata.name.trim();
  }
  const settings: SettingsPatch = {};
  const origin = nameSettings.assignment_origin;
  if (origin !== undefined && origin !== null && origin !== '') {
    const normalized = typeof origin === 'string' ? origin.toLowerCase() : origin;
    if (!ASSIGNMENT_ORIGINS.includes(normalized as AssignmentOrigin)) {
      return problem(`${SETTINGS}.assignment_origin`, `assignment_origin must be 'assignment_origin_agent' or 'assignment_origin_aws_sts'; got ${JSON.stringify(origin)}`);
    }
    settings.origin = normalized as AssignmentOrigin;
  }
  const releaseAfter = nameSettings.release_after;
  if (releaseAfter !== undefined && releaseAfter !== null) {
    if (typeof releaseAfter !== 'number') return problem(`${SETTINGS}.release_after`, 'release_after must be a number of seconds');
    const releaseProblem = releaseAfterProblem(releaseAfter);
    if (releaseProblem) return problem(`${SETTINGS}.release_after`, releaseProblem);
    settings.releaseAfterSeconds = releaseAfter;
  }
  const aws = readAws(nameSettings);
  if (!aws.ok) return aws;
  settings.aws = aws.aws;
  return { ok: true, name, settings };
}

function readAws(nameSettings: Fields): { ok: true; aws: SettingsPatch['aws'] } | Problem {
  if (nameSettings.aws === undefined) return { ok: true, aws: undefined };
  if (nameSettings.aws === null) return { ok: true, aws: null };
  const read = readObject(nameSettings.aws, `${SETTINGS}.aws`);
  if (!read.ok) return read;
  const aws = read.fields;
  const out: { accountId?: string; roleNamePatterns?: string } = {};
  for (const [key, target] of [['account_id', 'accountId'], ['role_name_patterns', 'roleNamePatterns']] as const) {
    const value = aws[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') return problem(`${SETTINGS}.aws.${key}`, `aws.${key} must be a string`);
    if (value.trim() !== '') out[target] = value.trim();
  }
  return { ok: true, aws: out };
}

function combine(name: string, base: AgentTypeSettings, patch: SettingsPatch): AgentTypeInputResult {
  const origin = patch.origin ?? base.assignmentOrigin;
  const releaseAfterSeconds = patch.releaseAfterSeconds ?? base.releaseAfterSeconds;
  const given = patch.aws;
  if (origin === 'assignment_origin_agent') {
    if (given && (given.accountId || given.roleNamePatterns)) {
      return problem(`${SETTINGS}.aws`, "AWS settings are only allowed when assignment_origin is 'assignment_origin_aws_sts'; remove spec.agent_name_settings.aws");
    }
    return { ok: true, name, settings: { assignmentOrigin: origin, releaseAfterSeconds, awsAccountId: null, awsRoleNamePatterns: null } };
  }
  const keep = base.assignmentOrigin === 'assignment_origin_aws_sts' && given !== null;
  const accountId = given?.accountId ?? (keep ? base.awsAccountId : null);
  const patterns = given?.roleNamePatterns ?? (keep ? base.awsRoleNamePatterns : null);
  if (!accountId && !patterns) {
    return problem(`${SETTINGS}.aws`, 'AWS settings are required when assignment_origin is \'assignment_origin_aws_sts\': give aws.account_id and aws.role_name_patterns');
  }
  if (!accountId) return problem(`${SETTINGS}.aws.account_id`, 'aws.account_id is required when names come from AWS STS');
  if (!AWS_ACCOUNT_ID.test(accountId)) return problem(`${SETTINGS}.aws.account_id`, `aws.account_id must be a 12-digit AWS account ID; got '${accountId}'`);
  if (!patterns) return problem(`${SETTINGS}.aws.role_name_patterns`, 'aws.role_name_patterns is required when names come from AWS STS, e.g. "my-role-1,another-role-*"');
  const list = patterns.split(',').map((p) => p.trim());
  const bad = list.find((p) => !ROLE_NAME_PATTERN.test(p));
  if (bad !== undefined) {
    return problem(
      `${SETTINGS}.aws.role_name_patterns`,
      `aws.role_name_patterns is a comma-separated list of IAM role names with * as a wildcard; '${bad}' is not one`,
    );
  }
  return { ok: true, name, settings: { assignmentOrigin: origin, releaseAfterSeconds, awsAccountId: accountId, awsRoleNamePatterns: list.join(',') } };
}

function readObject(value: unknown, field: string): { ok: true; fields: Fields } | Problem {
  if (value === undefined || value === null) return { ok: true, fields: {} };
  if (typeof value === 'object' && !Array.isArray(value)) return { ok: true, fields: value as Fields };
  return problem(field || 'body', field ? `${field} must be an object` : 'the request body must be a JSON object');
}

function problem(field: string, text: string): Problem {
  return { ok: false, field, problem: text };
}
