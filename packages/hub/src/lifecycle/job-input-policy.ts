import { AGENT_TYPE_NAME_PATTERN, type JobInput } from '@outpost/protocol';

/**
 * POST /api/v1alpha/jobs input, after the route checked it against the JobInput schema: what a schema does not say
 * (a self-hosted `s1-` type, base64 file contents, env names a shell can export, octal modes). Each problem names
 * its field.
 */
export type JobInputCheck = { ok: true; input: JobInput } | { ok: false; field: string; problem: string };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const FILE_MODE = /^0?[0-7]{3,4}$/;

export function checkJobInput(body: JobInput): JobInputCheck {
  const { spec } = body;
  const type = spec.agent.machine.type;
  if (!AGENT_TYPE_NAME_PATTERN.test(type)) {
    return { ok: false, field: 'spec.agent.machine.type', problem: `spec.agent.machine.type '${type}' is not a self-hosted agent type; use the name of one, like s1-linux` };
  }
  for (const [i, variable] of (spec.env_vars ?? []).entries()) {
    if (!ENV_NAME.test(variable.name)) {
      return { ok: false, field: `spec.env_vars.${i}.name`, problem: `env var name '${variable.name}' must be letters, digits and _ and not start with a digit` };
    }
  }
  for (const [i, file] of (spec.files ?? []).entries()) {
    if (!BASE64.test(file.content)) {
      return { ok: false, field: `spec.files.${i}.content`, problem: `the content of file '${file.path}' must be standard base64 with padding` };
    }
    if (file.mode !== undefined && !FILE_MODE.test(file.mode)) {
      return { ok: false, field: `spec.files.${i}.mode`, problem: `the mode of file '${file.path}' must be octal, like 0644; got '${file.mode}'` };
    }
  }
  return { ok: true, input: body };
}
