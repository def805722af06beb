import type { ReactNode } from 'react';

/** The centred card with the Outpost mark that pages before a session use (sign-in, an invitation). */
export function AuthCard({ children }: { children: ReactNode }) {
  return (
    <main className="sign-in" id="main">
      <div className="sign-in-card">
        <div className="sign-in-brand">
          <img src="/favicon.svg" alt="" width="40" height="40" />
          <span>Outpost</span>
        </div>
        {children}
      </div>
    </main>
  );
}
