import { useEffect, useState } from 'react';
import { getAgentManifest } from '../api/agent-downloads.js';
import { useApi } from '../session/session-context.js';

/** The agent version this hub serves, once loaded; undefined while loading or when the hub has no built agent. */
export function useServedAgentVersion(): string | undefined {
  const client = useApi();
  const [version, setVersion] = useState<string | undefined>();
  useEffect(() => {
    const controller = new AbortController();
    getAgentManifest(client, controller.signal).then(
      (manifest) => setVersion(manifest.version),
      // Without a manifest no agent is marked outdated; the page works the same.
      () => undefined,
    );
    return () => controller.abort();
  }, [client]);
  return version;
}
