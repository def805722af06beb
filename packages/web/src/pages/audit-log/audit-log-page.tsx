import { useState } from 'react';
import type { AuditEvent } from '@outpost/protocol';
import { listAuditEvents } from '../../api/teams.js';
import { Button } from '../../components/button.js';
import { Notice } from '../../components/notice.js';
import { sentence } from '../../format/sentence.js';
import { formatRelative } from '../../format/time-format.js';
import { useNow } from '../../live/use-now.js';
import { usePoll } from '../../live/use-poll.js';
import { useApi } from '../../session/session-context.js';
import { useTitle } from '../use-title.js';

/** Who changed what in this organization, newest first; older pages load on demand. */
export function AuditLogPage() {
  useTitle('Audit log');
  const client = useApi();
  const first = usePoll((signal) => listAuditEvents(client, '', signal), 10_000, [client]);
  const now = useNow(10_000);
  const [older, setOlder] = useState<{ events: AuditEvent[]; next: string } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const events = [...(first.data?.events ?? []), ...(older?.events ?? [])];
  const next = older ? older.next : (first.data?.next_page_token ?? '');
  const loadMore = async () => {
    setLoading(true);
    setError(null);
    try {
      const page = await listAuditEvents(client, next);
      setOlder({ events: [...(older?.events ?? []), ...page.events], next: page.next_page_token });
    } catch (failure) {
      setError(sentence((failure as Error).message));
    } finally {
      setLoading(false);
    }
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Audit log</h1>
          <p className="muted">Every change to agent types, agents, pipelines, projects, secrets, people and tokens, with who made it. Never a secret value or token.</p>
        </div>
      </div>
      {first.error && !first.data ? <Notice tone="error">{sentence(first.error.message)}</Notice> : null}
      {!first.data && !first.error ? <div className="skeleton-list" aria-busy="true" aria-label="Loading the audit log" /> : null}
      {first.data && events.length === 0 ? <p className="muted">Nothing has happened here yet.</p> : null}
      {events.length > 0 ? (
        <div className="table-wrap">
          <table className="table" aria-label="Audit log">
            <thead>
              <tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Target</th><th scope="col" className="hide-narrow">Details</th></tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td title={new Date(event.create_time * 1000).toISOString()}>{formatRelative(event.create_time * 1000, now)}</td>
                  <td>{event.actor.replace(/^user:/, '')}</td>
                  <td className="mono">{event.action}</td>
                  <td>{event.target.name}</td>
                  <td className="hide-narrow audit-details mono">{describeDetails(event.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {next ? <Button onClick={() => void loadMore()} busy={loading}>Older events</Button> : null}
    </>
  );
}

function describeDetails(details: Record<string, unknown>): string {
  return Object.entries(details).map(([key, value]) => `${key}=${String(value)}`).join(' ');
}
