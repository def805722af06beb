/** How the hub and the agent write their logs: JSON lines for machines, readable lines on a terminal. */

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The format asked for (--log-format), else readable on a terminal and JSON lines into a pipe or a file. */
export function chooseLogFormat(requested: string | undefined, isTerminal: boolean): LogFormat | { problem: string } {
  if (requested === undefined || requested === '') return isTerminal ? 'pretty' : 'json';
  if ((LOG_FORMATS as readonly string[]).includes(requested)) return requested as LogFormat;
  return { problem: `--log-format must be json or pretty; got '${requested}'` };
}

/**
 * pino-pretty settings shared by the hub and the agent: time, level, message, then the key fields on the same line.
 * An error follows on its own lines with its type and message; its stack stays in the JSON lines.
 */
export const PRETTY_LOG_OPTIONS = {
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'pid,hostname,err.stack',
  singleLine: true,
};
