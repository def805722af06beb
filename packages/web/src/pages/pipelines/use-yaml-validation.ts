import { useEffect, useState } from 'react';
import type { PipelineFileError } from '@outpost/protocol';
import { validatePipelineYaml } from '../../api/pipelines.js';
import { useApi } from '../../session/session-context.js';

export type Validation =
  | { state: 'empty' }
  | { state: 'checking'; errors: PipelineFileError[] }
  | { state: 'valid' }
  | { state: 'invalid'; errors: PipelineFileError[] }
  | { state: 'unavailable'; message: string };

// Long enough not to ask on every key, short enough to feel like it answers as you type.
const DEBOUNCE_MS = 400;

/**
 * Asks the hub to validate the file once the typing pauses; a newer text aborts the older question, and while a
 * check runs the last answer's problems stay on screen so the highlighted lines do not flicker.
 */
export function useYamlValidation(yaml: string, fileName: string): Validation {
  const client = useApi();
  const [validation, setValidation] = useState<Validation>({ state: 'empty' });

  useEffect(() => {
    if (yaml.trim() === '') {
      setValidation({ state: 'empty' });
      return;
    }
    setValidation((previous) => ({ state: 'checking', errors: previous.state === 'invalid' || previous.state === 'checking' ? previous.errors : [] }));
    const controller = new AbortController();
    const timer = setTimeout(() => {
      validatePipelineYaml(client, yaml, fileName || '.semaphore/semaphore.yml', controller.signal)
        .then((answer) => setValidation(answer.valid ? { state: 'valid' } : { state: 'invalid', errors: answer.errors }))
        .catch((error: Error) => {
          if (!controller.signal.aborted) setValidation({ state: 'unavailable', message: error.message });
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [client, yaml, fileName]);

  return validation;
}
