// The package's two entry points. Both read the whole file and collect every error they can find, each with the
// file, line, column and path; only compilePipeline evaluates conditions, so only it needs a run's values.

import { CHANGE_IN_NEEDS_GIT_MESSAGE } from '../conditions/evaluate.js';
import { conditionNodes } from '../conditions/ast.js';
import { parseYamlSource } from '../parse/source-file.js';
import type { CompileOptions, CompileResult, PipelineError, PipelinePlan } from '../plan.js';
import { evaluatedWhens, type PipelineDef } from '../validate/model.js';
import { readPipeline } from '../validate/pipeline-reader.js';
import { createReader, report, type Reader } from '../validate/reader.js';
import { buildPlan } from './build-plan.js';
import { createWhenEvaluator } from './condition-evaluator.js';
import { checkStructure, type PipelineStructure } from './structure.js';

interface Analysis {
  reader: Reader;
  pipeline?: PipelineDef;
  structure?: PipelineStructure;
}

export function validatePipeline(source: string, options: { fileName: string }): PipelineError[] {
  return sortedErrors(analyse(source, options.fileName).reader.errors);
}

export function compilePipeline(source: string, options: CompileOptions): CompileResult {
  const { reader, pipeline, structure } = analyse(source, options.fileName);
  if (pipeline === undefined || structure === undefined) return { ok: false, errors: sortedErrors(reader.errors) };
  if (options.context.changeIn === undefined) reportChangeInWithoutGit(reader, pipeline);
  const plan: PipelinePlan = buildPlan(pipeline, structure, createWhenEvaluator(reader, options.context), options.context);
  return reader.errors.length === 0 ? { ok: true, plan } : { ok: false, errors: sortedErrors(reader.errors) };
}

function analyse(source: string, fileName: string): Analysis {
  const parsed = parseYamlSource(source, fileName);
  const reader = createReader(parsed.file);
  if (parsed.errors.length > 0) return { reader: { ...reader, errors: parsed.errors } };
  if (parsed.root === null) {
    report(reader, 0, '', 'the file is empty; a pipeline needs at least `version: v1.0`, an `agent` and `blocks`');
    return { reader };
  }
  const pipeline = readPipeline(reader, parsed.root);
  if (pipeline === undefined) return { reader };
  return { reader, pipeline, structure: checkStructure(reader, pipeline) };
}

/** Every evaluated condition that calls change_in fails the compile when the run has no git repository, whether
 * or not evaluation would reach the call. */
function reportChangeInWithoutGit(reader: Reader, pipeline: PipelineDef): void {
  for (const when of evaluatedWhens(pipeline)) {
    const call = conditionNodes(when.condition.root).find((node) => node.kind === 'change_in');
    if (call !== undefined) report(reader, when.sourceOffset(call.offset), when.slot.path, CHANGE_IN_NEEDS_GIT_MESSAGE);
  }
}

/** In file order, each error once (the same condition may be reached from several jobs). */
function sortedErrors(errors: PipelineError[]): PipelineError[] {
  const unique = new Map(errors.map((error) => [`${error.line}:${error.column}:${error.path}:${error.message}`, error]));
  return [...unique.values()].sort((a, b) => a.line - b.line || a.column - b.column);
}
