import { chmod, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { JobFile } from '@outpost/protocol';
import { decodeBase64Strict, fileModeProblem, normaliseFilePath, parseFileMode } from './job-steps.js';

/**
 * The `Injecting Files` step of the shell executor (spec §3.3 item 5): each file is written under the agent
 * user's home unless absolute, then given its mode. Returns the step's exit status; `say` gets the job-log lines.
 */
export async function injectFiles(files: readonly JobFile[], home: string, say: (line: string) => void): Promise<number> {
  for (const file of files) {
    const path = normaliseFilePath(file.path, home);
    say(`Injecting ${path} with file mode ${file.mode}\n`);
    const content = decodeBase64Strict(file.content);
    if (content === null) {
      say('Failed to decode the content of the file.\n');
      return 1;
    }
    try {
      await mkdir(dirname(path), { recursive: true, mode: 0o750 });
    } catch (error) {
      say(`Failed to create directory '${dirname(path)}': ${(error as Error).message}\n`);
      return 1;
    }
    let handle;
    try {
      handle = await open(path, 'w', 0o644);
    } catch (error) {
      say(`Failed to create destination path '${path}': ${(error as Error).message}\n`);
      return 1;
    }
    try {
      await handle.writeFile(content);
    } catch (error) {
      say(`${(error as Error).message}\n`);
      return 255;
    } finally {
      await handle.close();
    }
    const mode = parseFileMode(file.mode);
    if (mode === null) {
      say(`${fileModeProblem(file.mode)}\n`);
      return 1;
    }
    try {
      await chmod(path, mode);
    } catch (error) {
      say(`Failed to set file mode '${file.mode}' for '${path}': ${(error as Error).message}\n`);
      return 1;
    }
  }
  return 0;
}
