import type { ReactNode } from 'react';

export function EmptyState({ title, children, action, icon = '◎' }: { title: string; children: ReactNode; action?: ReactNode; icon?: string }) {
  return (
    <section className="empty-state">
      <div className="empty-icon" aria-hidden="true">{icon}</div>
      <h2>{title}</h2>
      <div className="empty-text">{children}</div>
      {action ? <div className="empty-action">{action}</div> : null}
    </section>
  );
}
