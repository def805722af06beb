import { useState } from 'react';
import { ROLE_NAMES, type CreatedInvitation, type RoleName } from '@outpost/protocol';
import { createInvitation } from '../../api/teams.js';
import { CodeBlock } from '../../components/copy-button.js';
import { Dialog } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { sentence } from '../../format/sentence.js';
import { useApi, useSession } from '../../session/session-context.js';

/** Invite by email with a role; then shows the one-time link (once) with a copy button. */
export function InviteDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const client = useApi();
  const isOwner = useSession().session.user.role === 'owner';
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<RoleName>('member');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [created, setCreated] = useState<CreatedInvitation | null>(null);

  const close = () => {
    setEmail('');
    setRole('member');
    setError(undefined);
    setCreated(null);
    onClose();
  };
  const invite = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setCreated(await createInvitation(client, email, role));
    } catch (failure) {
      setError(sentence((failure as Error).message));
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <Dialog open={open} title={`Invitation for ${created.invitation.email}`} confirmLabel="Done" onConfirm={close} onClose={close}>
        <p>{created.mail_sent ? 'The link was mailed. ' : ''}Send this one-time link to {created.invitation.email}; it works once, for 7 days, and is not shown again.</p>
        <CodeBlock code={created.url} label="Invitation link" />
      </Dialog>
    );
  }
  return (
    <Dialog open={open} title="Invite people" confirmLabel="Create invitation link" busy={busy} error={error} onConfirm={() => void invite()} onClose={close}>
      <Field label="Email">
        {(props) => <input {...props} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />}
      </Field>
      <Field label="Role" hint="Members see everything but change nothing; admins manage agents, projects, secrets and people; owners also manage owners.">
        {(props) => (
          <select {...props} value={role} onChange={(e) => setRole(e.target.value as RoleName)}>
            {ROLE_NAMES.filter((r) => isOwner || r !== 'owner').map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        )}
      </Field>
    </Dialog>
  );
}
