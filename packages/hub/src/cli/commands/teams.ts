import type { Command } from 'commander';
import { ROLE_NAMES, type ApiToken, type AuditEvent, type Invitation, type Member, type RoleName } from '@outpost/protocol';
import type { ApiClient } from '../api-client.js';
import { clientFrom, withClientOptions } from '../client-options.js';
import { ExitError } from '../exit-error.js';
import { age, printResult } from '../output.js';

const MEMBER_COLUMNS = ['EMAIL', 'ROLE', 'JOINED', 'ID'];
const memberRow = (m: Member) => [m.email, m.role, age(m.join_time), m.user_id];
const INVITATION_COLUMNS = ['EMAIL', 'ROLE', 'INVITED BY', 'EXPIRES IN', 'ID'];
const invitationRow = (i: Invitation) => [i.email, i.role, i.invited_by, `${Math.max(0, Math.round((i.expire_time * 1000 - Date.now()) / 3_600_000))}h`, i.id];

function roleArg(role: string): RoleName {
  if (!(ROLE_NAMES as readonly string[]).includes(role)) throw new ExitError(`the role must be one of ${ROLE_NAMES.join(', ')}; got '${role}'`, 2);
  return role as RoleName;
}

/** A member by email (any case) or user id. */
async function memberOf(client: ApiClient, who: string): Promise<Member> {
  const { members } = await client.listMembers();
  const found = members.find((m) => m.user_id === who || m.email.toLowerCase() === who.toLowerCase());
  if (!found) throw new ExitError(`no member '${who}' in this organization (outpost members list shows them)`, 1);
  return found;
}

/** `outpost members …`: the people of the token's organization; invitations are one-time links. */
export function registerMemberCommands(program: Command): void {
  const members = program.command('members').alias('member').description("the organization's people: invite, change roles, remove, leave");

  withClientOptions(members.command('list').description('list members and their roles')).action(async (opts) => {
    const { client, format } = clientFrom(opts);
    const { members: all } = await client.listMembers();
    printResult(format, { members: all }, MEMBER_COLUMNS, all.map(memberRow));
  });

  withClientOptions(members.command('invite <email>').description('invite a person; prints the one-time link to send them (valid 7 days)').option('-r, --role <role>', 'owner, admin or member', 'member')).action(async (email: string, opts) => {
    const { client, format } = clientFrom(opts);
    const created = await client.createInvitation(email, roleArg(opts.role));
    if (format !== 'table') return printResult(format, created, [], []);
    process.stdout.write(`Invited ${created.invitation.email} as ${created.invitation.role}${created.mail_sent ? ' (mailed)' : ''}. Send them this one-time link:\n\n  ${created.url}\n\n`);
  });

  withClientOptions(members.command('invitations').description('list pending invitations')).action(async (opts) => {
    const { client, format } = clientFrom(opts);
    const { invitations } = await client.listInvitations();
    printResult(format, { invitations }, INVITATION_COLUMNS, invitations.map(invitationRow));
  });

  withClientOptions(members.command('revoke-invitation <id>').description('revoke a pending invitation; its link stops working')).action(async (id: string, opts) => {
    const { client } = clientFrom(opts);
    await client.revokeInvitation(id);
    process.stdout.write(`Invitation ${id} revoked.\n`);
  });

  withClientOptions(members.command('set-role <member> <role>').description("change a member's role (member: email or id)")).action(async (who: string, role: string, opts) => {
    const { client } = clientFrom(opts);
    const changed = await client.setMemberRole((await memberOf(client, who)).user_id, roleArg(role));
    process.stdout.write(`${changed.email} is now ${changed.role}.\n`);
  });

  withClientOptions(members.command('remove <member>').description('remove a member; their sessions and API tokens in this organization end')).action(async (who: string, opts) => {
    const { client } = clientFrom(opts);
    const member = await memberOf(client, who);
    await client.removeMember(member.user_id);
    process.stdout.write(`${member.email} removed.\n`);
  });

  withClientOptions(members.command('leave').description('leave the organization (this token stops working)')).action(async (opts) => {
    const { client } = clientFrom(opts);
    await client.removeMember('me');
    process.stdout.write('You left the organization.\n');
  });
}

/** `outpost orgs …`: an API token belongs to one organization, so there is no switch here (the web UI switches). */
export function registerOrganizationCommands(program: Command): void {
  const orgs = program.command('orgs').alias('org').description('your organizations (a token acts in the one it was created in)');

  withClientOptions(orgs.command('list').description('list the organizations you belong to')).action(async (opts) => {
    const { client, format } = clientFrom(opts);
    const { organizations } = await client.listOrganizations();
    printResult(format, { organizations }, ['NAME', 'ROLE', 'ID'], organizations.map((o) => [o.name, o.role, o.id]));
  });

  withClientOptions(orgs.command('create <name>').description('create an organization with you as its owner')).action(async (name: string, opts) => {
    const { client, format } = clientFrom(opts);
    const created = await client.createOrganization(name);
    if (format !== 'table') return printResult(format, created, [], []);
    process.stdout.write(`Organization '${created.name}' created (${created.id}). Switch to it in the web UI and create an API token there to script against it.\n`);
  });
}

const TOKEN_COLUMNS = ['NAME', 'CREATED', 'LAST USED', 'ID'];
const tokenRow = (t: ApiToken) => [t.name, age(t.create_time), t.last_used_time ? age(t.last_used_time) : 'never', t.id];

/** `outpost tokens …`: your personal API tokens in the token's organization. */
export function registerTokenCommands(program: Command): void {
  const tokens = program.command('tokens').alias('token').description('your personal API tokens');

  withClientOptions(tokens.command('list').description('list your tokens (never their values)')).action(async (opts) => {
    const { client, format } = clientFrom(opts);
    const { tokens: all } = await client.listApiTokens();
    printResult(format, { tokens: all }, TOKEN_COLUMNS, all.map(tokenRow));
  });

  withClientOptions(tokens.command('create <name>').description('create a token; its value is printed once')).action(async (name: string, opts) => {
    const { client, format } = clientFrom(opts);
    const created = await client.createApiToken(name);
    if (format !== 'table') return printResult(format, created, [], []);
    process.stdout.write(`Token '${created.api_token.name}' created. It is shown only now:\n\n  ${created.token}\n\n`);
  });

  withClientOptions(tokens.command('revoke <token>').description('revoke one of your tokens (name or id)')).action(async (which: string, opts) => {
    const { client } = clientFrom(opts);
    const { tokens: all } = await client.listApiTokens();
    const matches = all.filter((t) => t.id === which || t.name === which);
    if (matches.length === 0) throw new ExitError(`you have no token '${which}' (outpost tokens list shows them)`, 1);
    if (matches.length > 1) throw new ExitError(`${matches.length} tokens are named '${which}'; revoke one by its id`, 2);
    await client.revokeApiToken(matches[0]!.id);
    process.stdout.write(`Token '${matches[0]!.name}' revoked.\n`);
  });
}

const AUDIT_COLUMNS = ['WHEN', 'ACTOR', 'ACTION', 'TARGET'];
const auditRow = (e: AuditEvent) => [new Date(e.create_time * 1000).toISOString().replace('.000Z', 'Z'), e.actor, e.action, `${e.target.type} ${e.target.name}`];

/** `outpost audit`: who changed what, newest first. */
export function registerAuditCommand(program: Command): void {
  withClientOptions(program.command('audit').description("the organization's audit log, newest first").option('-n, --limit <count>', 'how many events', '50')).action(async (opts) => {
    const { client, format } = clientFrom(opts);
    const limit = Number(opts.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new ExitError(`--limit must be a whole number from 1 to 10000; got '${opts.limit}'`, 2);
    const events: AuditEvent[] = [];
    let pageToken = '';
    do {
      const page = await client.listAuditEvents(Math.min(500, limit - events.length), pageToken);
      events.push(...page.events);
      pageToken = page.next_page_token;
    } while (pageToken && events.length < limit);
    printResult(format, { events }, AUDIT_COLUMNS, events.map(auditRow));
  });
}
