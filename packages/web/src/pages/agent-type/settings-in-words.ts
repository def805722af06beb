import type { AgentType } from '@outpost/protocol';
import { formatSeconds } from '../../format/time-format.js';

/** An agent type's name settings as the sentences on its page (pure). */
export function settingsInWords(type: AgentType): { origin: string; release: string } {
  const settings = type.spec.agent_name_settings;
  const origin =
    settings.assignment_origin === 'assignment_origin_aws_sts'
      ? `Assigned from a pre-signed AWS STS GetCallerIdentity URL: account ${settings.aws?.account_id ?? '?'}, roles ${settings.aws?.role_name_patterns ?? '?'}`
      : 'Directly assigned by the agent';
  const release =
    settings.release_after > 0
      ? `Reusable only ${formatSeconds(settings.release_after)} after the agent disconnects`
      : 'Reusable immediately after the agent disconnects';
  return { origin, release };
}
