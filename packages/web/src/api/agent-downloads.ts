import { AGENT_MANIFEST_PATH, type AgentManifest } from '@outpost/protocol';
import type { ApiClient } from './client.js';

/** What this hub serves agents from: the version to compare connected agents with. */
export const getAgentManifest = (client: ApiClient, signal?: AbortSignal) => client.get<AgentManifest>(AGENT_MANIFEST_PATH, signal);
