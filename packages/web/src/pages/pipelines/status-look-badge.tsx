import { StatusBadge } from '../../components/status-badge.js';
import type { StatusLook } from './pipeline-status.js';

/** A status badge for a pipeline, a block or a job; what is still moving pulses. */
export function LookBadge({ look }: { look: StatusLook }) {
  return <StatusBadge tone={look.tone} pulse={look.live}>{look.label}</StatusBadge>;
}
