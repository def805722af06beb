import { useEffect, useRef, useState } from 'react';
import { followLog } from '../api/logs.js';
import { useApi } from '../session/session-context.js';
import { appendLogEvents, createLogModel, type LogModel } from '../log-view/log-model.js';

export interface JobLogState {
  model: LogModel;
  /** Changes whenever the model does. */
  version: number;
  error: Error | undefined;
  streaming: boolean;
}

// Reconnect budget: 1 s, doubling to 15 s, for as long as the page is open and the job is not finished.
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 15_000;

/**
 * Follows a job's log as an NDJSON stream; a reconnect asks for the events after the ones already shown
 * (start_from). Stops once the stream ends for a finished job.
 */
export function useJobLog(jobId: string, finished: boolean): JobLogState {
  const client = useApi();
  const model = useRef<LogModel>(createLogModel());
  const finishedRef = useRef(finished);
  finishedRef.current = finished;
  const [state, setState] = useState({ version: 0, error: undefined as Error | undefined, streaming: false });

  useEffect(() => {
    model.current = createLogModel();
    const controller = new AbortController();
    let retryMs = RETRY_FIRST_MS;
    const run = async () => {
      while (!controller.signal.aborted) {
        setState((s) => ({ ...s, streaming: true }));
        try {
          await followLog(client, jobId, model.current.eventCount, controller.signal, (events) => {
            appendLogEvents(model.current, events);
            retryMs = RETRY_FIRST_MS;
            setState({ version: model.current.version, error: undefined, streaming: true });
          });
          if (finishedRef.current || model.current.jobFinished) break;
        } catch (error) {
          if (controller.signal.aborted) return;
          setState((s) => ({ ...s, error: error as Error, streaming: false }));
        }
        await new Promise((resolve) => setTimeout(resolve, retryMs));
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
      }
      if (!controller.signal.aborted) setState((s) => ({ ...s, streaming: false }));
    };
    void run();
    return () => controller.abort();
  }, [client, jobId]);

  return { model: model.current, version: state.version, error: state.error, streaming: state.streaming };
}
