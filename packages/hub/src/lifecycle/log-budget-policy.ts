/**
 * The per-job log budget (issue §5, spec §4.4): a push is truncate-to-start_from-then-append; events that would
 * take the log past its budget are dropped, one final event says the log was trimmed, and the agent hears 422.
 */
export interface LogAppendPlan {
  /** How many events of the batch to store. */
  keep: number;
  /** True when the batch did not fit: store the trimmed notice after the kept events and answer 422. */
  trim: boolean;
}

export function planLogAppend(input: { baseBytes: number; eventBytes: readonly number[]; budgetBytes: number }): LogAppendPlan {
  let total = input.baseBytes;
  for (let i = 0; i < input.eventBytes.length; i++) {
    total += input.eventBytes[i] ?? 0;
    if (total > input.budgetBytes) return { keep: i, trim: true };
  }
  return { keep: input.eventBytes.length, trim: false };
}

/** The final event of a trimmed log, shaped like the agent's own output events (production's wording). */
export function trimmedNotice(budgetBytes: number, nowMs: number): string {
  const size = budgetBytes >= 1024 * 1024 ? `${Math.round(budgetBytes / (1024 * 1024))}MB` : `${budgetBytes} bytes`;
  return JSON.stringify({ event: 'cmd_output', timestamp: Math.floor(nowMs / 1000), output: `Content of the log is bigger than ${size}. Log is trimmed.\n` });
}
