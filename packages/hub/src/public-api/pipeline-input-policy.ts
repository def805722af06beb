import type { PipelineYamlRunInput } from '@outpost/protocol';
import type { RunContext } from '../lifecycle/pipeline-runs.js';

/**
 * What the body of POST /pipelines/yaml may not say that its schema cannot: a tag and a pull request at once, and
 * control characters in names (a NUL byte would also fail PostgreSQL). Pure.
 */
export type RunContextCheck = { ok: true; context: RunContext } | { ok: false; field: string; problem: string };

// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL = /[\u0000-\u001f\u007f]/;

export function pipelineRunContext(body: PipelineYamlRunInput): RunContextCheck {
  if (body.yaml_definition.includes('\u0000')) return { ok: false, field: 'yaml_definition', problem: 'yaml_definition contains a NUL byte; send the pipeline file as UTF-8 text' };
  for (const field of ['branch', 'tag', 'yaml_file_name'] as const) {
    const value = body[field];
    if (value !== undefined && CONTROL.test(value)) return { ok: false, field, problem: `${field} must not contain control characters` };
  }
  if (body.tag !== undefined && body.pull_request !== undefined) {
    return { ok: false, field: 'tag', problem: 'give a tag or a pull_request, not both: a run is for a branch, a tag or a pull request' };
  }
  return { ok: true, context: { branch: body.branch ?? '', tag: body.tag ?? '', pullRequest: body.pull_request ?? '', commitSha: body.commit_sha ?? '' } };
}
