// `change_in(file_patterns, options)` (conditions-dsl.md#change-in): the first argument is a pattern or a list of
// patterns, the optional second a map of the options in the table under "Options". Checked when the condition is
// parsed, so a wrong option is a syntax error with a column, not a surprise when git is asked.

import type { ChangeInOptions } from '../plan.js';
import type { CallArgument, ChangeInCall, ConditionProblem, ConditionValue } from './ast.js';

type OptionReader = (value: ConditionValue) => Partial<ChangeInOptions> | string;

const OPTION_READERS: Record<string, OptionReader> = {
  on_tags: (value) => (typeof value === 'boolean' ? { onTags: value } : 'on_tags must be true or false'),
  default_branch: (value) => (typeof value === 'string' ? { defaultBranch: value } : "default_branch must be a quoted branch name, e.g. 'main'"),
  pipeline_file: (value) =>
    value === 'track' || value === 'ignore' ? { pipelineFile: value } : "pipeline_file must be 'track' or 'ignore'",
  branch_range: (value) => (typeof value === 'string' ? { branchRange: value } : "branch_range must be a quoted commit range, e.g. 'main...HEAD'"),
  default_range: (value) => (typeof value === 'string' ? { defaultRange: value } : "default_range must be a quoted commit range, e.g. 'HEAD~1..HEAD'"),
  exclude: (value) => {
    const patterns = toPatterns(value);
    return patterns === null ? "exclude must be a list of quoted file patterns, e.g. ['/docs']" : { excluded: patterns };
  },
};

export function toChangeInCall(args: CallArgument[], offset: number): ChangeInCall | ConditionProblem {
  const [first, second, third] = args;
  if (first === undefined) {
    return { offset, message: "change_in needs the file patterns to watch, e.g. change_in('/lib') or change_in(['/lib', '/app'])" };
  }
  if (third !== undefined) return { offset: third.offset, message: 'change_in takes two arguments: the file patterns and an options map' };
  const paths = toPatterns(first.value);
  if (paths === null || paths.length === 0) {
    return { offset: first.offset, message: "the first argument of change_in must be a quoted file pattern or a non-empty list of them, e.g. '/lib'" };
  }
  if (second === undefined) return { kind: 'change_in', paths, options: {}, offset };
  const options = toOptions(second);
  if ('message' in options) return options;
  return { kind: 'change_in', paths, options, offset };
}

function toOptions(argument: CallArgument): ChangeInOptions | ConditionProblem {
  const { value } = argument;
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { offset: argument.offset, message: "the second argument of change_in must be an options map, e.g. {default_branch: 'main'}" };
  }
  let options: ChangeInOptions = {};
  for (const [key, optionValue] of Object.entries(value)) {
    const reader = OPTION_READERS[key];
    if (reader === undefined) {
      return { offset: argument.offset, message: `change_in has no option \`${key}\`; the options are ${Object.keys(OPTION_READERS).join(', ')}` };
    }
    const read = reader(optionValue);
    if (typeof read === 'string') return { offset: argument.offset, message: read };
    options = { ...options, ...read };
  }
  return options;
}

function toPatterns(value: ConditionValue): string[] | null {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return null;
}
