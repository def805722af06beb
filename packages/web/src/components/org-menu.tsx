import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigation } from '../navigation/router.js';
import { paths } from '../routes.js';

/** The organization menu at the top right: where Self-hosted agents, Jobs and Secrets live, and Sign out. */
export function OrgMenu({ orgName, email, onSignOut }: { orgName: string; email: string; onSignOut(): void }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const { navigate } = useNavigation();

  const items = [
    { label: 'Self-hosted agents', run: () => navigate(paths.agentTypes()) },
    { label: 'Jobs', run: () => navigate(paths.jobs()) },
    { label: 'Secrets', run: () => navigate(paths.secrets()) },
    { label: 'Sign out', run: onSignOut },
  ];

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onDown = (event: PointerEvent) => {
      if (!menuRef.current?.contains(event.target as Node) && !buttonRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  };

  const onMenuKey = (event: KeyboardEvent) => {
    const all = Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => all[(to + all.length) % all.length]?.focus();
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(all.length - 1);
    else if (event.key === 'Escape') close(true);
    else if (event.key === 'Tab') close(false);
    else return;
    if (event.key !== 'Tab') event.preventDefault();
  };

  return (
    <div className="org-menu">
      <button
        ref={buttonRef}
        type="button"
        className="org-menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => { if (e.key === 'ArrowDown') { e.preventDefault(); setOpen(true); } }}
      >
        <span className="avatar" aria-hidden="true">{orgName.slice(0, 1).toUpperCase()}</span>
        <span className="org-name">{orgName}</span>
        <span className="chevron" aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div ref={menuRef} id={menuId} role="menu" aria-label={`${orgName} menu`} className="menu" onKeyDown={onMenuKey}>
          <div className="menu-identity" role="presentation">Signed in as <strong>{email}</strong></div>
          {items.map((item, i) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={i === items.length - 1 ? 'menu-item menu-item-separated' : 'menu-item'}
              onClick={() => { close(false); item.run(); }}
            >
              {item.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
