import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { ADMIN_TOKEN, describeEachDialect, startHubWithAdmin } from '../support/hub-clients.js';

// The built CLI (`npm run build` first) against a real hub: members, invitations, tokens, organizations, audit.
const BIN = fileURLToPath(new URL('../../bin/outpost.js', import.meta.url));

function outpost(url: string, args: string[], token = ADMIN_TOKEN): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args, '--url', url], { env: { PATH: process.env.PATH ?? '', OUTPOST_TOKEN: token } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

await describeEachDialect('outpost members, tokens, orgs and audit (%s)', (dialect) => {
  it('invites, changes a role, manages tokens and reads the audit log', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const invited = await outpost(hub.url, ['members', 'invite', 'lin@example.test', '--role', 'admin']);
    expect(invited).toMatchObject({ code: 0 });
    const link = invited.stdout.match(/(http\S+\/invitations\/[0-9a-f]{64})/)?.[1] ?? '';
    expect(link.startsWith(hub.url)).toBe(true);
    expect((await outpost(hub.url, ['members', 'invitations'])).stdout).toMatch(/lin@example\.test\s+admin\s+admin@outpost\.local\s+168h/);

    const token = link.slice(link.lastIndexOf('/') + 1);
    const accepted = await fetch(`${hub.url}/api/v1alpha/invitations/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, password: 'lin password 12' }) });
    expect(accepted.status).toBe(200);
    expect((await outpost(hub.url, ['members', 'list'])).stdout).toMatch(/lin@example\.test\s+admin/);
    expect((await outpost(hub.url, ['members', 'set-role', 'LIN@example.test', 'member'])).stdout).toBe('lin@example.test is now member.\n');
    expect(await outpost(hub.url, ['members', 'set-role', 'lin@example.test', 'boss'])).toMatchObject({ code: 2, stderr: "outpost: the role must be one of owner, admin, member; got 'boss'\n" });
    const lastOwner = await outpost(hub.url, ['members', 'leave']);
    expect(lastOwner.code).toBe(1);
    expect(lastOwner.stderr).toContain('admin@outpost.local is the last owner of this organization');

    const created = await outpost(hub.url, ['tokens', 'create', 'deploy']);
    const value = created.stdout.match(/\n {2}([0-9a-f]{64})\n/)?.[1] ?? '';
    expect(value).toHaveLength(64);
    expect((await outpost(hub.url, ['tokens', 'list'], value)).stdout).toMatch(/deploy\s+\d+s\s+\d+s/);
    expect((await outpost(hub.url, ['tokens', 'revoke', 'deploy'])).stdout).toBe("Token 'deploy' revoked.\n");
    expect((await outpost(hub.url, ['tokens', 'list'], value)).stderr).toContain('the API token is invalid or was revoked');

    expect((await outpost(hub.url, ['orgs', 'create', 'Second'])).stdout).toContain("Organization 'Second' created");
    expect((await outpost(hub.url, ['orgs', 'list'])).stdout).toMatch(/Outpost\s+owner[\s\S]*Second\s+owner/);

    expect((await outpost(hub.url, ['members', 'remove', 'lin@example.test'])).stdout).toBe('lin@example.test removed.\n');
    const audit = await outpost(hub.url, ['audit', '--limit', '4']);
    expect(audit.stdout.split('\n').filter(Boolean).map((line) => line.split(/\s{3,}/).slice(1).join(' | '))).toEqual([
      'ACTOR | ACTION | TARGET',
      'user:admin@outpost.local | member.removed | member lin@example.test',
      'user:admin@outpost.local | api_token.revoked | api_token deploy',
      'user:admin@outpost.local | api_token.created | api_token deploy',
      'user:admin@outpost.local | member.role_changed | member lin@example.test',
    ]);
  });
});
