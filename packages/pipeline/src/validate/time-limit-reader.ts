// `execution_time_limit` (pipeline-yaml.md#execution_time_limit): `hours` or `minutes`, exactly one, a whole
// number from 1 up to 24 hours / 1440 minutes. Allowed on the pipeline, a block and a job.

import { MAX_EXECUTION_TIME_LIMIT_HOURS, MAX_EXECUTION_TIME_LIMIT_MINUTES } from '../limits.js';
import type { TimeLimitDef } from './model.js';
import { readInteger, readMap, report, type Reader, type Slot } from './reader.js';

export function readTimeLimit(reader: Reader, slot: Slot): TimeLimitDef | undefined {
  const fields = readMap(reader, slot, {
    known: ['hours', 'minutes'],
    noun: 'a map with `hours` or `minutes`, e.g. execution_time_limit: { hours: 2 }',
  });
  if (fields === undefined) return undefined;
  const hours = fields.get('hours');
  const minutes = fields.get('minutes');
  if (hours !== undefined && minutes !== undefined) {
    report(reader, minutes.anchor, minutes.path, '`execution_time_limit` takes `hours` or `minutes`, not both');
    return undefined;
  }
  if (hours !== undefined) {
    const value = readBounded(reader, hours, MAX_EXECUTION_TIME_LIMIT_HOURS, 'hours');
    return value === undefined ? undefined : { minutes: value * 60, slot };
  }
  if (minutes !== undefined) {
    const value = readBounded(reader, minutes, MAX_EXECUTION_TIME_LIMIT_MINUTES, 'minutes');
    return value === undefined ? undefined : { minutes: value, slot };
  }
  report(reader, slot.anchor, slot.path, '`execution_time_limit` needs `hours` or `minutes`, e.g. execution_time_limit: { hours: 2 }');
  return undefined;
}

function readBounded(reader: Reader, slot: Slot, max: number, unit: string): number | undefined {
  const noun = `a whole number of ${unit} from 1 to ${max}`;
  const value = readInteger(reader, slot, noun);
  if (value === undefined) return undefined;
  if (value < 1 || value > max) {
    report(reader, slot.anchor, slot.path, `\`${unit}\` must be ${noun}; found ${value}`);
    return undefined;
  }
  return value;
}
