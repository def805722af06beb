import { useState } from 'react';
import { ROLE_NAMES, type Invitation, type Member, type RoleName } from '@outpost/protocol';
import { listInvitations, listMembers, removeMember, revokeInvitation, setMemberRole } from '../../api/teams.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { Notice } from '../../components/notice.js';
import { sentence } from '../../format/sentence.js';
import { formatRelative } from '../../format/time-format.js';
import { useNow } from '../../live/use-now.js';
import { usePoll } from '../../live/use-poll.js';
import { useApi, useSession } from '../../session/session-context.js';
import { useTitle } from '../use-title.js';
import { InviteDialog } from './invite-dialog.js';

type Pending = { kind: 'remove'; member: Member } | { kind: 'leave' } | null;

/** The organization's people: everyone sees who is in it; owners and admins invite, change roles and remove. */
export function MembersPage() {
  useTitle('Members');
  const client = useApi();
  const { session } = useSession();
  const canManage = session.user.role !== 'member';
  const members = usePoll((signal) => listMembers(client, signal).then((r) => r.members), 5000, [client]);
  const invitations = usePoll((signal) => (canManage ? listInvitations(client, signal).then((r) => r.invitations) : Promise.resolve([])), 5000, [client, canManage]);
  const now = useNow(10_000);
  const [inviting, setInviting] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);

  const changeRole = async (member: Member, role: RoleName) => {
    setNotice(null);
    try {
      const changed = await setMemberRole(client, member.user_id, role);
      setNotice({ tone: 'success', text: `${changed.email} is now ${changed.role}.` });
    } catch (failure) {
      setNotice({ tone: 'error', text: sentence((failure as Error).message) });
    }
    members.refresh();
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Members</h1>
          <p className="muted">The people of {session.organization.name}. Owners and admins invite people and change roles; members can look but not change.</p>
        </div>
        <div className="page-actions">
          <Button onClick={() => setPending({ kind: 'leave' })}>Leave organization</Button>
          {canManage ? <Button variant="primary" onClick={() => setInviting(true)}>Invite people</Button> : null}
        </div>
      </div>
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      {members.error && !members.data ? <Notice tone="error">{sentence(members.error.message)}</Notice> : null}
      {!members.data && !members.error ? <div className="skeleton-list" aria-busy="true" aria-label="Loading members" /> : null}
      {members.data ? (
        <MemberTable members={members.data} now={now} canManage={canManage} selfEmail={session.user.email} onRole={(m, r) => void changeRole(m, r)} onRemove={(member) => setPending({ kind: 'remove', member })} />
      ) : null}
      {canManage && invitations.data && invitations.data.length > 0 ? (
        <InvitationTable invitations={invitations.data} now={now} onRevoked={() => invitations.refresh()} />
      ) : null}
      <InviteDialog open={inviting} onClose={() => { setInviting(false); invitations.refresh(); }} />
      <RemoveDialog pending={pending} onClose={() => setPending(null)} onDone={(text) => { setPending(null); setNotice({ tone: 'success', text }); members.refresh(); }} />
    </>
  );
}

function MemberTable(props: { members: Member[]; now: number; canManage: boolean; selfEmail: string; onRole(member: Member, role: RoleName): void; onRemove(member: Member): void }) {
  const { members, now, canManage, selfEmail, onRole, onRemove } = props;
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Members">
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col" className="hide-narrow">Joined</th>
            {canManage ? <th scope="col"><span className="sr-only">Actions</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {members.map((member) => {
            const self = member.email === selfEmail;
            return (
              <tr key={member.user_id}>
                <td>{member.email}{self ? <span className="muted"> (you)</span> : null}</td>
                <td>
                  {canManage ? (
                    <select aria-label={`Role of ${member.email}`} value={member.role} onChange={(e) => onRole(member, e.target.value as RoleName)}>
                      {ROLE_NAMES.map((role) => <option key={role} value={role}>{role}</option>)}
                    </select>
                  ) : member.role}
                </td>
                <td className="hide-narrow">{formatRelative(member.join_time * 1000, now)}</td>
                {canManage ? (
                  <td className="secret-actions">
                    {self ? null : <Button size="sm" variant="ghost" onClick={() => onRemove(member)} aria-label={`Remove ${member.email}`}>Remove</Button>}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function InvitationTable({ invitations, now, onRevoked }: { invitations: Invitation[]; now: number; onRevoked(): void }) {
  const client = useApi();
  const [error, setError] = useState<string | null>(null);
  const revoke = async (id: string) => {
    setError(null);
    try {
      await revokeInvitation(client, id);
    } catch (failure) {
      setError(sentence((failure as Error).message));
    }
    onRevoked();
  };
  return (
    <section className="teams-section" aria-label="Pending invitations">
      <h2>Pending invitations</h2>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="table-wrap">
        <table className="table" aria-label="Pending invitations">
          <thead>
            <tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col" className="hide-narrow">Invited</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {invitations.map((invitation) => (
              <tr key={invitation.id}>
                <td>{invitation.email}</td>
                <td>{invitation.role}</td>
                <td className="hide-narrow">{formatRelative(invitation.create_time * 1000, now)} by {invitation.invited_by}</td>
                <td className="secret-actions"><Button size="sm" variant="ghost" onClick={() => void revoke(invitation.id)} aria-label={`Revoke the invitation of ${invitation.email}`}>Revoke</Button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RemoveDialog({ pending, onClose, onDone }: { pending: Pending; onClose(): void; onDone(text: string): void }) {
  const client = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const close = () => { setError(undefined); onClose(); };
  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    setError(undefined);
    try {
      await removeMember(client, pending.kind === 'leave' ? 'me' : pending.member.user_id);
      // Leaving ends this session here: start again from the top (sign-in, or another organization).
      if (pending.kind === 'leave') window.location.assign('/');
      else onDone(`${pending.member.email} was removed.`);
    } catch (failure) {
      setError(sentence((failure as Error).message));
    } finally {
      setBusy(false);
    }
  };
  const leaving = pending?.kind === 'leave';
  const title = leaving ? 'Leave this organization?' : `Remove ${pending?.kind === 'remove' ? pending.member.email : ''}?`;
  return (
    <Dialog open={pending !== null} title={title} confirmLabel={leaving ? 'Leave' : 'Remove'} confirmVariant="danger" busy={busy} error={error} onConfirm={() => void confirm()} onClose={close}>
      <p>{leaving ? 'You lose access at once; your sessions and API tokens here stop working. An owner or admin can invite you again.' : 'They lose access at once: their sessions and API tokens in this organization stop working.'}</p>
    </Dialog>
  );
}
