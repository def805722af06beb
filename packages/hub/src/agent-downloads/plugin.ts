import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AGENT_PTY_PACKAGE, INSTALL_SCRIPT_PATH, type AgentManifest } from '@outpost/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { hubBaseUrl } from '../dispatch/job-payload.js';
import { HubError } from '../errors.js';
import { contentTypeOf, downloadKindOf, renderInstallScript } from './download-policy.js';

export interface AgentDownloadsOptions {
  /** Where the agent's bundle step wrote the agents, their .sha256 files and manifest.json (packages/agent/dist). */
  downloadsDir: string;
  /** HubConfig.publicUrl: the URL install.sh downloads from; else the URL the request came to. */
  publicUrl: string | undefined;
}

// Both src/agent-downloads (tests) and dist/agent-downloads (the built hub) sit two levels below packages/hub.
const INSTALL_TEMPLATE = new URL('../../assets/install.sh', import.meta.url);

/** GET /install.sh (filled in with this hub's URL) and GET /downloads/<agent>[.sha256] and /downloads/manifest.json. */
export const agentDownloadsPlugin: FastifyPluginAsync<AgentDownloadsOptions> = async (app, opts) => {
  const template = await readFile(INSTALL_TEMPLATE, 'utf8');

  app.get(INSTALL_SCRIPT_PATH, { schema: { hide: true } }, async (request, reply) => {
    const script = renderInstallScript(template, { hubUrl: hubBaseUrl(opts.publicUrl, request), ptyPackage: AGENT_PTY_PACKAGE });
    return reply.header('content-type', 'text/x-shellscript; charset=utf-8').header('cache-control', 'no-cache').send(script);
  });

  app.get<{ Params: { file: string } }>('/downloads/:file', { schema: { hide: true } }, async (request, reply) => {
    const name = request.params.file;
    const kind = downloadKindOf(name);
    if (!kind) throw new HubError('NOT_FOUND', { what: `the download ${name.slice(0, 80)}` });
    const path = join(opts.downloadsDir, name);
    const size = await stat(path).then((s) => (s.isFile() ? s.size : null), () => null);
    if (size === null) {
      if (kind === 'manifest') throw new HubError('AGENT_BUNDLE_MISSING');
      throw new HubError('AGENT_DOWNLOAD_MISSING', { name, offered: await offeredNames(opts.downloadsDir) });
    }
    // Looked up per request: `npm run build` may rebuild the agents while the hub runs.
    reply.header('content-type', contentTypeOf(kind)).header('content-length', size).header('cache-control', 'no-cache');
    return reply.send(createReadStream(path));
  });
};

async function offeredNames(dir: string): Promise<string> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as AgentManifest;
    return manifest.files.map((file) => file.name).join(', ') || 'none';
  } catch {
    return 'none';
  }
}
