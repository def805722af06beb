import type { Logger } from 'pino';
import type { PipelineRowResult, PipelineRowState } from '../store/schema.js';

/**
 * The seam for whatever follows a pipeline's state (reporting commit statuses to a forge, notifications): an event
 * each time this hub commits a pipeline's creation or a move to another state. Listeners run after the commit, in
 * this process only; one that throws is logged and the others still run. A listener that must not miss an event
 * across hub restarts reads the pipelines themselves (pipelines.updated_at) as well.
 */
export interface PipelineStateEvent {
  orgId: string;
  pipelineId: string;
  workflowId: string;
  state: PipelineRowState;
  /** Set when `state` is done. */
  result?: PipelineRowResult;
  resultReason?: string;
  at: number;
}

export type PipelineStateListener = (event: PipelineStateEvent) => void;

export interface PipelineEvents {
  emit(event: PipelineStateEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: PipelineStateListener): () => void;
}

export function createPipelineEvents(log: Logger): PipelineEvents {
  const listeners = new Set<PipelineStateListener>();
  return {
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (err) {
          // A listener's failure is its own: the pipeline moved, and the other listeners still hear of it.
          log.warn({ err, pipelineId: event.pipelineId, state: event.state }, 'a pipeline state listener failed');
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
