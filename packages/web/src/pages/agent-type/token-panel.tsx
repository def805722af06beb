import { Button } from '../../components/button.js';
import { CopyButton } from '../../components/copy-button.js';
import { LockIcon } from '../../components/icons.js';

/** The registration token behind Reveal: shown on this visit only (after Register or a reset), never again. */
export function TokenPanel({
  token,
  revealed,
  onReveal,
  reason,
}: {
  token: string;
  revealed: boolean;
  onReveal(): void;
  reason: 'registered' | 'reset';
}) {
  return (
    <section className={reason === 'reset' ? 'token-panel token-panel-reset' : 'token-panel'} aria-labelledby="token-title">
      <div className="token-panel-text">
        <h2 id="token-title">{reason === 'reset' ? 'The registration token was reset' : 'Registration token'}</h2>
        {reason === 'reset' ? (
          <p>
            The old token no longer registers agents. Agents already running keep working: put the new token in their
            configuration and restart them, or disable them all at once.
          </p>
        ) : null}
        <p className="token-warning">
          <LockIcon />
          <span>For your own security, we'll show you the token only once.</span>
        </p>
      </div>
      {revealed ? (
        <div className="token-value">
          <code className="mono" aria-label="Registration token value">{token}</code>
          <CopyButton text={token} label="Copy token" />
        </div>
      ) : (
        <Button variant="primary" onClick={onReveal}>Reveal</Button>
      )}
    </section>
  );
}
