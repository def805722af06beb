import { useEffect, useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useNavigation } from '../navigation/router.js';
import { paths } from '../routes.js';

interface MenuItem {
  label: string;
  run(): void;
}

/** The organization menu at the top right: where Self-hosted agents, Jobs, Pipelines and Secrets live, and Sign out. */
export function OrgMenu({ orgName, email, onSignOut }: { orgName: string; email: string; onSignOut(): void }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const { navigate } = useNavigation();

  const items: MenuItem[] = [
    { label: 'Self-hosted agents', run: () => navigate(paths.agentTypes()) },
    { label: 'Jobs', run: () => navigate(paths.jobs()) },
    { label: 'Pipelines', run: () => navigate(paths.pipelines()) },
    { label: 'Secrets', run: () => navigate(paths.secrets()) },
    { label: 'Sign out', run: onSignOut },
  ];

  useFocusAndDismiss(open, setOpen, menuRef, buttonRef);

  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
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
      {open ? <MenuPanel panelRef={menuRef} id={menuId} orgName={orgName} email={email} items={items} close={close} /> : null}
    </div>
  );
}

function MenuPanel({
  panelRef,
  id,
  orgName,
  email,
  items,
  close,
}: {
  panelRef: RefObject<HTMLDivElement | null>;
  id: string;
  orgName: string;
  email: string;
  items: MenuItem[];
  close(focusButton: boolean): void;
}) {
  return (
    <div ref={panelRef} id={id} role="menu" aria-label={`${orgName} menu`} className="menu" onKeyDown={(e) => onMenuKey(e, panelRef, close)}>
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
  );
}

/** While the menu is open: its first item has focus, and a press anywhere outside it and its button closes it. */
function useFocusAndDismiss(open: boolean, setOpen: (open: boolean) => void, menuRef: RefObject<HTMLDivElement | null>, buttonRef: RefObject<HTMLButtonElement | null>): void {
  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onDown = (event: PointerEvent) => {
      if (!menuRef.current?.contains(event.target as Node) && !buttonRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open, setOpen, menuRef, buttonRef]);
}

/** The menu's keys: arrows, Home and End move between items; Escape closes back to the button; Tab closes. */
function onMenuKey(event: KeyboardEvent, menuRef: RefObject<HTMLDivElement | null>, close: (focusButton: boolean) => void): void {
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
}
