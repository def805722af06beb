import { useState } from 'react';
import type { AgentType } from '@outpost/protocol';
import { deleteAgentType, disableAll, resetToken } from '../../api/agent-types.js';
import { Dialog } from '../../components/dialog.js';
import { useApi } from '../../session/session-context.js';
import { useDialogAction, type DialogAction } from './use-dialog-action.js';

export type TypeDialog = 'reset' | 'disable-all' | 'delete' | null;

interface TypeDialogsProps {
  name: string;
  open: TypeDialog;
  onClose(): void;
  onReset(type: AgentType): void;
  onDisabled(): void;
  onDeleted(): void;
}

/** The confirmations behind Reset token…, Disable all… and Delete… (control-plane §3.4, §3.5, §2.3). */
export function TypeDialogs({ name, open, onClose, onReset, onDisabled, onDeleted }: TypeDialogsProps) {
  const client = useApi();
  const [disconnect, setDisconnect] = useState(false);
  const [onlyIdle, setOnlyIdle] = useState(true);
  const action = useDialogAction(() => {
    setDisconnect(false);
    setOnlyIdle(true);
    onClose();
  });

  return (
    <>
      <ResetTokenDialog
        name={name}
        open={open === 'reset'}
        action={action}
        disconnect={disconnect}
        onDisconnectChange={setDisconnect}
        onConfirm={() => void action.run(async () => onReset(await resetToken(client, name, disconnect)))}
      />
      <DisableAllDialog
        name={name}
        open={open === 'disable-all'}
        action={action}
        onlyIdle={onlyIdle}
        onOnlyIdleChange={setOnlyIdle}
        onConfirm={() => void action.run(async () => { await disableAll(client, name, onlyIdle); onDisabled(); })}
      />
      <DeleteTypeDialog
        name={name}
        open={open === 'delete'}
        action={action}
        onConfirm={() => void action.run(async () => { await deleteAgentType(client, name); onDeleted(); })}
      />
    </>
  );
}

interface ConfirmProps {
  name: string;
  open: boolean;
  action: DialogAction;
  onConfirm(): void;
}

function ResetTokenDialog({ name, open, action, onConfirm, disconnect, onDisconnectChange }: ConfirmProps & { disconnect: boolean; onDisconnectChange(value: boolean): void }) {
  return (
    <Dialog
      open={open}
      title={`Reset token for ${name}?`}
      confirmLabel="Reset token"
      cancelLabel="Nevermind"
      confirmVariant="danger"
      busy={action.busy}
      error={action.error}
      onClose={action.close}
      onConfirm={onConfirm}
    >
      <p><strong>This cannot be undone.</strong> The old token can no longer start agents of this type.</p>
      <p>Running agents keep working, but should be restarted once their configuration has the new token, or disconnected right away.</p>
      <label className="checkbox">
        <input type="checkbox" checked={disconnect} onChange={(e) => onDisconnectChange(e.target.checked)} />
        <span>Disconnect all currently running agents</span>
      </label>
    </Dialog>
  );
}

function DisableAllDialog({ name, open, action, onConfirm, onlyIdle, onOnlyIdleChange }: ConfirmProps & { onlyIdle: boolean; onOnlyIdleChange(value: boolean): void }) {
  return (
    <Dialog
      open={open}
      title={`Disable the agents of ${name}?`}
      confirmLabel="Disable"
      confirmVariant="danger"
      busy={action.busy}
      error={action.error}
      onClose={action.close}
      onConfirm={onConfirm}
    >
      <p>Disabled agents shut down at their next sync; the name stays reserved as the type's name release says.</p>
      <fieldset className="fieldset fieldset-plain">
        <legend className="sr-only">Which agents</legend>
        <label className="radio">
          <input type="radio" name="only-idle" checked={onlyIdle} onChange={() => onOnlyIdleChange(true)} />
          <span>Disable all idle agents</span>
        </label>
        <label className="radio">
          <input type="radio" name="only-idle" checked={!onlyIdle} onChange={() => onOnlyIdleChange(false)} />
          <span>Disable all (some of them might be running jobs)</span>
        </label>
      </fieldset>
    </Dialog>
  );
}

function DeleteTypeDialog({ name, open, action, onConfirm }: ConfirmProps) {
  return (
    <Dialog open={open} title={`Delete ${name}?`} confirmLabel="Delete" confirmVariant="danger" busy={action.busy} error={action.error} onClose={action.close} onConfirm={onConfirm}>
      <p>The agent type and its registration token are removed. Jobs that target it can no longer run. This cannot be undone.</p>
    </Dialog>
  );
}
