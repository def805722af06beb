import { useState } from 'react';
import type { Project } from '@outpost/protocol';
import { resetWebhookSecret } from '../../api/projects.js';
import { Button } from '../../components/button.js';
import { CopyButton } from '../../components/copy-button.js';
import { Dialog } from '../../components/dialog.js';
import { LockIcon } from '../../components/icons.js';
import { sentence } from '../../format/sentence.js';
import { useApi } from '../../session/session-context.js';

/** Where forges send pushes, and the secret that signs them: shown once, after a create or a reset. */
export function WebhookPanel({ project, secret, canManage, onSecret }: { project: Project; secret: string | null; canManage: boolean; onSecret(secret: string): void }) {
  const url = project.status.webhook_url;
  return (
    <section className="card webhook-panel" aria-labelledby="webhook-title">
      <h2 id="webhook-title">Webhook</h2>
      <p className="muted">
        In the repository's settings, add a webhook with this URL and secret, content type <span className="mono">application/json</span>, for push
        (and pull request) events. GitHub, GitLab and Gitea/Forgejo are all recognised by their headers.
      </p>
      <div className="token-value">
        <code className="mono" aria-label="Webhook URL">{url}</code>
        <CopyButton text={url} label="Copy URL" />
      </div>
      <WebhookSecret secret={secret} />
      <ResetSecret project={project} canManage={canManage} onSecret={onSecret} />
    </section>
  );
}

function WebhookSecret({ secret }: { secret: string | null }) {
  if (!secret) return <p className="muted">The secret was shown when it was made. Lost it? Reset it and update the webhook.</p>;
  return (
    <>
      <p className="token-warning"><LockIcon /><span>Copy the secret now: for your own security, it is shown only once.</span></p>
      <div className="token-value">
        <code className="mono" aria-label="Webhook secret">{secret}</code>
        <CopyButton text={secret} label="Copy secret" />
      </div>
    </>
  );
}

/** The reset button (for managers) and its confirmation; the new secret goes up to be shown once. */
function ResetSecret({ project, canManage, onSecret }: { project: Project; canManage: boolean; onSecret(secret: string): void }) {
  const client = useApi();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const reset = async () => {
    setBusy(true);
    try {
      const answer = await resetWebhookSecret(client, project.metadata.name);
      if (answer.status.webhook_secret) onSecret(answer.status.webhook_secret);
      setConfirming(false);
    } catch (e) {
      setError(sentence((e as Error).message));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {canManage ? <Button size="sm" onClick={() => setConfirming(true)}>Reset secret</Button> : null}
      <Dialog
        open={confirming}
        title="Reset the webhook secret?"
        confirmLabel="Reset secret"
        confirmVariant="danger"
        busy={busy}
        error={error}
        onConfirm={() => void reset()}
        onClose={() => { setConfirming(false); setError(undefined); }}
      >
        <p>Deliveries signed with the old secret are refused from now on. Put the new one in the repository's webhook settings.</p>
      </Dialog>
    </>
  );
}
