import { Fragment, useEffect, useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { Organization } from '@outpost/protocol';
import { useNavigation } from '../navigation/router.js';
import { paths } from '../routes.js';
import { createOrganization, listOrganizations, switchOrganization } from '../api/teams.js';
import { sentence } from '../format/sentence.js';
import type { SessionValue } from '../session/session-context.js';
import { Dialog } from './dialog.js';
import { Field } from './field.js';

interface MenuItem {
  label: string;
  run(): void;
  /** Shown checked: the organization the session is in. */
  current?: boolean;
  /** Starts a group with a line above it. */
  separated?: boolean;
  /** A label shown above the item, naming its group. */
  heading?: string;
}

/**
 * The organization menu at the top right: the organizations to switch between (and creating one), the organization's
 * people, API tokens and audit log, the main pages, and Sign out.
 */
export function OrgMenu({ session }: { session: SessionValue }) {
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const { navigate } = useNavigation();
  const orgName = session.session.organization.name;
  const organizations = useOrganizations(session, open);

  const switchTo = async (id: string) => {
    try {
      session.replaceSession(await switchOrganization(session.client, id));
      navigate(paths.agentTypes());
    } catch (failure) {
      setProblem(sentence((failure as Error).message));
    }
  };
  const items: MenuItem[] = [
    { label: 'Self-hosted agents', run: () => navigate(paths.agentTypes()) },
    { label: 'Jobs', run: () => navigate(paths.jobs()) },
    { label: 'Pipelines', run: () => navigate(paths.pipelines()) },
    { label: 'Secrets', run: () => navigate(paths.secrets()) },
    { label: 'Members', run: () => navigate(paths.members()), separated: true },
    { label: 'API tokens', run: () => navigate(paths.apiTokens()) },
    { label: 'Audit log', run: () => navigate(paths.auditLog()) },
    ...organizations.map((org, i) => ({
      label: org.name,
      current: org.id === session.session.organization.id,
      run: () => void switchTo(org.id),
      ...(i === 0 ? { separated: true, heading: 'Organizations' } : {}),
    })),
    { label: 'Create organization', run: () => setCreating(true), ...(organizations.length === 0 ? { separated: true } : {}) },
    { label: 'Sign out', run: () => void session.signOut(), separated: true },
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
      {open ? <MenuPanel panelRef={menuRef} id={menuId} orgName={orgName} email={session.session.user.email} items={items} close={close} /> : null}
      <CreateOrganizationDialog open={creating} session={session} onClose={() => setCreating(false)} onCreated={(id) => { setCreating(false); void switchTo(id); }} />
      {problem ? <Dialog open title="Could not switch organization" confirmLabel="OK" onConfirm={() => setProblem(null)} onClose={() => setProblem(null)}><p>{problem}</p></Dialog> : null}
    </div>
  );
}

/** The caller's organizations, fetched each time the menu opens (someone may have invited them meanwhile). */
function useOrganizations(session: SessionValue, open: boolean): Organization[] {
  const [organizations, setOrganizations] = useState<Organization[]>([]);
  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    listOrganizations(session.client, controller.signal).then((r) => setOrganizations(r.organizations), () => undefined);
    return () => controller.abort();
  }, [open, session.client]);
  return organizations;
}

function CreateOrganizationDialog({ open, session, onClose, onCreated }: { open: boolean; session: SessionValue; onClose(): void; onCreated(id: string): void }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const close = () => { setName(''); setError(undefined); onClose(); };
  const create = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const created = await createOrganization(session.client, name);
      setName('');
      onCreated(created.id);
    } catch (failure) {
      setError(sentence((failure as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} title="Create organization" confirmLabel="Create organization" busy={busy} error={error} onConfirm={() => void create()} onClose={close}>
      <p>A new organization has its own agents, projects, secrets and people; you become its owner.</p>
      <Field label="Name">
        {(props) => <input {...props} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} autoFocus />}
      </Field>
    </Dialog>
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
        <Fragment key={`${i}-${item.label}`}>
          {item.heading ? <div className="menu-heading menu-item-separated" role="presentation">{item.heading}</div> : null}
          <button
            type="button"
            role={item.current === undefined ? 'menuitem' : 'menuitemradio'}
            aria-checked={item.current}
            tabIndex={-1}
            className={['menu-item', item.separated && !item.heading ? 'menu-item-separated' : '', item.current ? 'menu-org-current' : ''].filter(Boolean).join(' ')}
            onClick={() => { close(false); item.run(); }}
          >
            {item.label}
          </button>
        </Fragment>
      ))}
    </div>
  );
}

/** While the menu is open: its first item has focus, and a press anywhere outside it and its button closes it. */
function useFocusAndDismiss(open: boolean, setOpen: (open: boolean) => void, menuRef: RefObject<HTMLDivElement | null>, buttonRef: RefObject<HTMLButtonElement | null>): void {
  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role^="menuitem"]')?.focus();
    const onDown = (event: PointerEvent) => {
      if (!menuRef.current?.contains(event.target as Node) && !buttonRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open, setOpen, menuRef, buttonRef]);
}

/** The menu's keys: arrows, Home and End move between items; Escape closes back to the button; Tab closes. */
function onMenuKey(event: KeyboardEvent, menuRef: RefObject<HTMLDivElement | null>, close: (focusButton: boolean) => void): void {
  const all = Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? []);
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
