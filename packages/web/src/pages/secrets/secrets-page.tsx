import { useState } from 'react';
import type { Secret } from '@outpost/protocol';
import { deleteSecret, listSecrets } from '../../api/secrets.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { LockIcon } from '../../components/icons.js';
import { Notice } from '../../components/notice.js';
import { sentence } from '../../format/sentence.js';
import { formatRelative } from '../../format/time-format.js';
import { useNow } from '../../live/use-now.js';
import { usePoll } from '../../live/use-poll.js';
import { Link, useNavigation } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useApi, useSession } from '../../session/session-context.js';
import { useTitle } from '../use-title.js';

/** Organization secrets: names, variable names and file paths (values are write-only), with edit and delete. */
export function SecretsPage() {
  useTitle('Secrets');
  const client = useApi();
  const canManage = useSession().session.user.role !== 'member';
  const secrets = usePoll((signal) => listSecrets(client, signal), 5000, [client]);
  const now = useNow(10_000);
  const { search } = useNavigation();
  const [deleting, setDeleting] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<string | null>(null);
  const saved = search.get('saved');

  const add = canManage ? <Link to={paths.newSecret()} className="btn btn-primary">New secret</Link> : null;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Secrets</h1>
          <p className="muted">Environment variables and files for your jobs. Values are encrypted and never shown again; job logs show them as [MASKED].</p>
        </div>
        {secrets.data && secrets.data.length > 0 ? add : null}
      </div>
      {saved ? <Notice tone="success">Secret {saved} saved.</Notice> : null}
      {deleted ? <Notice tone="success">Secret {deleted} deleted.</Notice> : null}
      {secrets.error && !secrets.data ? <Notice tone="error">{sentence(secrets.error.message)}</Notice> : null}
      {!secrets.data && !secrets.error ? <div className="skeleton-list" aria-busy="true" aria-label="Loading secrets" /> : null}
      {secrets.data && secrets.data.length === 0 ? (
        <EmptyState icon={<LockIcon size={28} />} title="No secrets yet" action={add}>
          <p>Store API keys, passwords and key files once; pipelines import them by name under <span className="mono">secrets:</span>.</p>
        </EmptyState>
      ) : null}
      {secrets.data && secrets.data.length > 0 ? (
        <div className="table-wrap">
          <table className="table" aria-label="Secrets">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Environment variables</th>
                <th scope="col">Files</th>
                <th scope="col" className="hide-narrow">Updated</th>
                {canManage ? <th scope="col"><span className="sr-only">Actions</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {secrets.data.map((secret) => (
                <SecretRow key={secret.metadata.id} secret={secret} now={now} canManage={canManage} onDelete={() => setDeleting(secret.metadata.name)} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <DeleteDialog
        name={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={(name) => {
          setDeleting(null);
          setDeleted(name);
          secrets.refresh();
        }}
      />
    </>
  );
}

function SecretRow({ secret, now, canManage, onDelete }: { secret: Secret; now: number; canManage: boolean; onDelete(): void }) {
  const { name, description, update_time } = secret.metadata;
  return (
    <tr>
      <td>
        <div className="secret-name mono">{name}</div>
        {description ? <div className="secret-description muted">{description}</div> : null}
      </td>
      <td>{secret.data.env_vars.length === 0 ? <span className="muted">—</span> : <NameList names={secret.data.env_vars.map((v) => v.name)} />}</td>
      <td>{secret.data.files.length === 0 ? <span className="muted">—</span> : <NameList names={secret.data.files.map((f) => f.path)} />}</td>
      <td className="hide-narrow">{formatRelative(Number(update_time) * 1000, now)}</td>
      {canManage ? (
        <td className="secret-actions">
          <Link to={paths.editSecret(name)} className="btn btn-secondary btn-sm" aria-label={`Edit ${name}`}>Edit</Link>
          <Button size="sm" variant="ghost" onClick={onDelete} aria-label={`Delete ${name}`}>Delete</Button>
        </td>
      ) : null}
    </tr>
  );
}

function NameList({ names }: { names: string[] }) {
  return (
    <ul className="secret-names">
      {names.map((n) => <li key={n} className="mono">{n}</li>)}
    </ul>
  );
}

function DeleteDialog({ name, onClose, onDeleted }: { name: string | null; onClose(): void; onDeleted(name: string): void }) {
  const client = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const close = () => {
    setError(undefined);
    onClose();
  };
  const confirm = async () => {
    if (!name) return;
    setBusy(true);
    setError(undefined);
    try {
      await deleteSecret(client, name);
      onDeleted(name);
    } catch (failure) {
      setError(sentence((failure as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={name !== null} title={`Delete secret ${name ?? ''}?`} confirmLabel="Delete secret" confirmVariant="danger" busy={busy} error={error} onConfirm={() => void confirm()} onClose={close}>
      <p>Its values are erased from the hub. Pipelines that import <span className="mono">{name}</span> fail with “secret {name} not found” until a secret of that name exists again.</p>
    </Dialog>
  );
}
