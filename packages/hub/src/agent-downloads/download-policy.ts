/** Which files under /downloads/ the hub hands out (pure): the agents the bundle step builds and their checksums. */

export type DownloadKind = 'executable' | 'script' | 'checksum' | 'manifest';

const EXECUTABLE = /^outpost-agent-(linux|darwin)-(x64|arm64)$/;

/** null for any other name: the downloads directory is also tsc's output directory, which is not for download. */
export function downloadKindOf(name: string): DownloadKind | null {
  if (name === 'manifest.json') return 'manifest';
  const checksum = name.endsWith('.sha256');
  const file = checksum ? name.slice(0, -'.sha256'.length) : name;
  if (file !== 'agent.mjs' && !EXECUTABLE.test(file)) return null;
  if (checksum) return 'checksum';
  return file === 'agent.mjs' ? 'script' : 'executable';
}

const CONTENT_TYPES: Record<DownloadKind, string> = {
  executable: 'application/octet-stream',
  script: 'application/javascript; charset=utf-8',
  checksum: 'text/plain; charset=utf-8',
  manifest: 'application/json; charset=utf-8',
};

export function contentTypeOf(kind: DownloadKind): string {
  return CONTENT_TYPES[kind];
}

/** A value for a single-quoted shell word. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** install.sh with this hub's URL and the PTY package filled in. */
export function renderInstallScript(template: string, values: { hubUrl: string; ptyPackage: string }): string {
  return template.replace('@HUB_URL@', shellQuote(values.hubUrl)).replace('@PTY_PACKAGE@', shellQuote(values.ptyPackage));
}
