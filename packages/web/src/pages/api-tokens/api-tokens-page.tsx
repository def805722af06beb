import { useState } from 'react';
import type { ApiToken, CreatedApiToken } from '@outpost/protocol';
import { createApiToken, listApiTokens, revokeApiToken } from '../../api/teams.js';
import { Button } from '../../components/button.js';
import { CodeBlock } from '../../components/copy-button.js';
import { Dialog } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { Notice } from '../../components/notice.js';
import { sentence } from '../../format/sentence.js';
import { formatRelative } from '../../format/time-format.js';
import { useNow } from '../../live/use-now.js';
import { usePoll } from '../../live/use-poll.js';
import { useApi, useSession } from '../../session/session-context.js';
import { useTitle } from '../use-title.js';

/** Your personal API tokens in this organization: create (the value is shown once), see when each was last used, revoke. */
export function ApiTokensPage() {
  useTitle('API tokens');
  const client = useApi();
  const { session } = useSession();
  const tokens = usePoll((signal) => listApiTokens(client, signal).then((r) => r.tokens), 10_000, [client]);
  const now = useNow(10_000);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  return (
    <>
      <div className="page-header">
        <div>
          <h1>API tokens</h1>
          <p className="muted">Tokens for the <span className="mono">outpost</span> CLI and scripts. Each acts as you, with your role, in {session.organization.name} only.</p>
        </div>
        <Button variant="primary" onClick={() => setCreating(true)}>New token</Button>
      </div>
      {tokens.error && !tokens.data ? <Notice tone="error">{sentence(tokens.error.message)}</Notice> : null}
      {tokens.data && tokens.data.length === 0 ? <p className="muted">You have no API tokens in this organization.</p> : null}
      {tokens.data && tokens.data.length > 0 ? (
        <div className="table-wrap">
          <table className="table" aria-label="API tokens">
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody>
              {tokens.data.map((token) => (
                <tr key={token.id}>
                  <td className="mono">{token.name}</td>
                  <td>{formatRelative(token.create_time * 1000, now)}</td>
                  <td>{token.last_used_time ? formatRelative(token.last_used_time * 1000, now) : 'never'}</td>
                  <td className="secret-actions"><Button size="sm" variant="ghost" onClick={() => setRevoking(token)} aria-label={`Revoke ${token.name}`}>Revoke</Button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <CreateTokenDialog open={creating} onClose={() => { setCreating(false); tokens.refresh(); }} />
      <RevokeTokenDialog token={revoking} onClose={() => { setRevoking(null); tokens.refresh(); }} />
    </>
  );
}

function CreateTokenDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const client = useApi();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const close = () => { setName(''); setError(undefined); setCreated(null); onClose(); };
  const create = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setCreated(await createApiToken(client, name));
    } catch (failure) {
      setError(sentence((failure as Error).message));
    } finally {
      setBusy(false);
    }
  };
  if (created) {
    return (
      <Dialog open={open} title={`Token ${created.api_token.name}`} confirmLabel="Done" onConfirm={close} onClose={close}>
        <p>Copy it now: it is not shown again. Use it as <span className="mono">OUTPOST_TOKEN</span> or <span className="mono">Authorization: Token …</span>.</p>
        <CodeBlock code={created.token} label="API token" />
      </Dialog>
    );
  }
  return (
    <Dialog open={open} title="New API token" confirmLabel="Create token" busy={busy} error={error} onConfirm={() => void create()} onClose={close}>
      <Field label="Name" hint="Say where it is used, e.g. laptop or deploy script.">
        {(props) => <input {...props} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} autoFocus />}
      </Field>
    </Dialog>
  );
}

function RevokeTokenDialog({ token, onClose }: { token: ApiToken | null; onClose(): void }) {
  const client = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const confirm = async () => {
    if (!token) return;
    setBusy(true);
    setError(undefined);
    try {
      await revokeApiToken(client, token.id);
      onClose();
    } catch (failure) {
      setError(sentence((failure as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={token !== null} title={`Revoke ${token?.name ?? ''}?`} confirmLabel="Revoke token" confirmVariant="danger" busy={busy} error={error} onConfirm={() => void confirm()} onClose={() => { setError(undefined); onClose(); }}>
      <p>Scripts and CLIs that use it get “the API token is invalid or was revoked” from now on.</p>
    </Dialog>
  );
}
