import type { ReactNode } from 'react';
import { ServerIcon } from './icons.js';

export function EmptyState({ title, children, action, icon = <ServerIcon size={28} /> }: { title: string; children: ReactNode; action?: ReactNode; icon?: ReactNode }) {
  return (
    <section className="empty-state">
      <div className="empty-icon" aria-hidden="true">{icon}</div>
      <h2>{title}</h2>
      <div className="empty-text">{children}</div>
      {action ? <div className="empty-action">{action}</div> : null}
    </section>
  );
}
