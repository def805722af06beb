import { useState } from 'react';
import type { AgentType } from '@outpost/protocol';
import { deleteAgentType, disableAll, resetToken } from '../../api/agent-types.js';
import { Dialog } from '../../components/dialog.js';
import { sentence } from '../../format/sentence.js';
import { useApi } from '../../session/session-context.js';

export type TypeDialog = 'reset' | 'disable-all' | 'delete' | null;

/** The confirmations behind Reset token…, Disable all… and Delete… (control-plane §3.4, §3.5, §2.3). */
export function TypeDialogs({
  name,
  open,
  onClose,
  onReset,
  onDisabled,
  onDeleted,
}: {
  name: string;
  open: TypeDialog;
  onClose(): void;
  onReset(type: AgentType): void;
  onDisabled(): void;
  onDeleted(): void;
}) {
  const client = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [disconnect, setDisconnect] = useState(false);
  const [onlyIdle, setOnlyIdle] = useState(true);

  const close = () => {
    setError(undefined);
    setDisconnect(false);
    setOnlyIdle(true);
    onClose();
  };

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      close();
    } catch (failure) {
      setError(sentence((failure as Error).message));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Dialog
        open={open === 'reset'}
        title={`Reset token for ${name}?`}
        confirmLabel="Reset token"
        cancelLabel="Nevermind"
        confirmVariant="danger"
        busy={busy}
        error={error}
        onClose={close}
        onConfirm={() => void run(async () => onReset(await resetToken(client, name, disconnect)))}
      >
        <p><strong>This cannot be undone.</strong> The old token can no longer start agents of this type.</p>
        <p>Running agents keep working, but should be restarted once their configuration has the new token, or disconnected right away.</p>
        <label className="checkbox">
          <input type="checkbox" checked={disconnect} onChange={(e) => setDisconnect(e.target.checked)} />
          <span>Disconnect all currently running agents</span>
        </label>
      </Dialog>

      <Dialog
        open={open === 'disable-all'}
        title={`Disable the agents of ${name}?`}
        confirmLabel="Disable"
        confirmVariant="danger"
        busy={busy}
        error={error}
        onClose={close}
        onConfirm={() => void run(async () => { await disableAll(client, name, onlyIdle); onDisabled(); })}
      >
        <p>Disabled agents shut down at their next sync; the name stays reserved as the type's name release says.</p>
        <fieldset className="fieldset fieldset-plain">
          <legend className="sr-only">Which agents</legend>
          <label className="radio">
            <input type="radio" name="only-idle" checked={onlyIdle} onChange={() => setOnlyIdle(true)} />
            <span>Disable all idle agents</span>
          </label>
          <label className="radio">
            <input type="radio" name="only-idle" checked={!onlyIdle} onChange={() => setOnlyIdle(false)} />
            <span>Disable all (some of them might be running jobs)</span>
          </label>
        </fieldset>
      </Dialog>

      <Dialog
        open={open === 'delete'}
        title={`Delete ${name}?`}
        confirmLabel="Delete"
        confirmVariant="danger"
        busy={busy}
        error={error}
        onClose={close}
        onConfirm={() => void run(async () => { await deleteAgentType(client, name); onDeleted(); })}
      >
        <p>The agent type and its registration token are removed. Jobs that target it can no longer run. This cannot be undone.</p>
      </Dialog>
    </>
  );
}
