import { useState } from 'react';
import { sentence } from '../../format/sentence.js';

/** What a confirm dialog needs from the action behind it: busy while it runs, its error, and closing. */
export interface DialogAction {
  busy: boolean;
  error: string | undefined;
  close(): void;
  run(action: () => Promise<void>): Promise<void>;
}

/** Runs a dialog's action: closes (through `onClose`) when it succeeds, shows its message when it fails. */
export function useDialogAction(onClose: () => void): DialogAction {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const close = () => {
    setError(undefined);
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

  return { busy, error, close, run };
}
