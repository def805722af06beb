// @outpost/pipeline: Semaphore's pipeline YAML v1.0 → a resolved plan. Pure: no I/O.

export type {
  ChangeInOptions,
  CompileOptions,
  CompileResult,
  ConditionContext,
  EnvVar,
  PipelineError,
  PipelinePlan,
  PlannedBlock,
  PlannedJob,
} from './plan.js';
export { compilePipeline, validatePipeline } from './compile/compile.js';
export { machineTypesOf } from './plan-queries.js';
export { parseCondition, type ConditionParseResult } from './conditions/parser.js';
export { evaluateCondition, type ConditionEvaluation } from './conditions/evaluate.js';
export type { Condition, ConditionNode, ConditionProblem, ConditionValue, ConditionKeyword } from './conditions/ast.js';
export * from './limits.js';
