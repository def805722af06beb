import { useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../api/client.js';

/**
 * The edit pages' load: fetches the record named `editName` (nothing for a new one), hands it to `onLoaded`, and
 * answers the message of a failed load; a newer name or leaving the page aborts the older request.
 */
export function useLoadForEdit<T>(
  client: ApiClient,
  editName: string | undefined,
  load: (client: ApiClient, name: string, signal: AbortSignal) => Promise<T>,
  onLoaded: (value: T) => void,
): string | null {
  const [loadError, setLoadError] = useState<string | null>(null);
  // The latest callbacks, so pages may pass inline functions without reloading on every render.
  const latest = useRef({ load, onLoaded });
  latest.current = { load, onLoaded };
  useEffect(() => {
    if (!editName) return;
    const controller = new AbortController();
    latest.current
      .load(client, editName, controller.signal)
      .then((value) => latest.current.onLoaded(value))
      .catch((error: Error) => { if (!controller.signal.aborted) setLoadError(error.message); });
    return () => controller.abort();
  }, [client, editName]);
  return loadError;
}
