import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { Button, type ButtonVariant } from './button.js';

/**
 * A modal confirm dialog on the native <dialog>: the browser traps focus, Escape cancels, and focus returns to the
 * button that opened it.
 */
export function Dialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel = 'Cancel',
  confirmVariant = 'primary',
  busy = false,
  error,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  confirmVariant?: ButtonVariant;
  busy?: boolean;
  error?: string;
  onConfirm(): void;
  onClose(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onConfirm();
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onClose={onClose} onCancel={(e) => { if (busy) e.preventDefault(); }}>
      {open ? (
        <form method="dialog" onSubmit={submit}>
          <h2 id={titleId} className="dialog-title">{title}</h2>
          <div className="dialog-body">{children}</div>
          {error ? <p className="form-error" role="alert">{error}</p> : null}
          <div className="dialog-actions">
            <Button onClick={onClose} disabled={busy}>{cancelLabel}</Button>
            <Button type="submit" variant={confirmVariant} busy={busy}>{confirmLabel}</Button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}
