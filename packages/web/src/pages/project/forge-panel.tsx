import { useState, type FormEvent } from 'react';
import type { ProjectForge, ProjectForgeInput } from '@outpost/protocol';
import { getProjectForge, updateProjectForge } from '../../api/projects.js';
import { Button } from '../../components/button.js';
import { Field } from '../../components/field.js';
import { Notice } from '../../components/notice.js';
import { sentence } from '../../format/sentence.js';
import { usePoll } from '../../live/use-poll.js';
import { useApi } from '../../session/session-context.js';

const TOKEN_WORDS: Record<ProjectForge['token'], string> = {
  status_token: 'the status token set here',
  repository_token: "the project's HTTPS token",
  none: 'no token: nothing is reported',
};

/** Commit statuses: where the pipeline's state goes on the forge, with which token; editable by managers. */
export function ForgePanel({ projectName, canManage }: { projectName: string; canManage: boolean }) {
  const client = useApi();
  const forge = usePoll((signal) => getProjectForge(client, projectName, signal), 30_000, [client, projectName]);
  const [editing, setEditing] = useState(false);
  if (!forge.data) return forge.error ? <Notice tone="error">{sentence(forge.error.message)}</Notice> : null;
  const f = forge.data;
  return (
    <section className="card forge-panel" aria-labelledby="forge-title">
      <h2 id="forge-title">Commit status</h2>
      <dl className="settings">
        <div><dt>Reports with</dt><dd>{TOKEN_WORDS[f.token]}</dd></div>
        <div>
          <dt>Reports to</dt>
          <dd>{'problem' in f.resolved ? <span className={f.token === 'none' ? 'muted' : 'field-error'}>{f.resolved.problem}</span> : <span className="mono">{f.resolved.kind} · {f.resolved.api_base} · {f.resolved.repository}</span>}</dd>
        </div>
      </dl>
      {canManage && !editing ? <Button size="sm" onClick={() => setEditing(true)}>Change</Button> : null}
      {editing ? <ForgeForm projectName={projectName} current={f} onDone={() => { setEditing(false); forge.refresh(); }} /> : null}
    </section>
  );
}

interface ForgeDraft {
  kind: string;
  apiUrl: string;
  repository: string;
  token: string;
  removeToken: boolean;
}

/** Empty fields mean "derive it"; an empty token keeps the current one. */
function forgeInput(draft: ForgeDraft): ProjectForgeInput {
  return {
    kind: draft.kind === '' ? null : (draft.kind as 'github' | 'gitlab' | 'gitea'),
    api_url: draft.apiUrl.trim() || null,
    repository: draft.repository.trim() || null,
    ...(draft.removeToken ? { token: null } : draft.token.trim() ? { token: draft.token.trim() } : {}),
  };
}

function ForgeForm({ projectName, current, onDone }: { projectName: string; current: ProjectForge; onDone(): void }) {
  const client = useApi();
  const [draft, setDraft] = useState<ForgeDraft>({ kind: current.kind ?? '', apiUrl: current.api_url ?? '', repository: current.repository ?? '', token: '', removeToken: false });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = forgeInput(draft);
    setBusy(true);
    try {
      await updateProjectForge(client, projectName, input);
      onDone();
    } catch (e) {
      setError(sentence((e as Error).message));
      setBusy(false);
    }
  };

  return (
    <form className="forge-form" onSubmit={(e) => void submit(e)} noValidate>
      <ForgeFields draft={draft} set={(patch) => setDraft((d) => ({ ...d, ...patch }))} hasStatusToken={current.token === 'status_token'} />
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy}>Save</Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}

function ForgeFields({ draft, set, hasStatusToken }: { draft: ForgeDraft; set(patch: Partial<ForgeDraft>): void; hasStatusToken: boolean }) {
  return (
    <>
      <Field label="Forge" hint="Automatic: from the webhook that started the run, or the repository's host.">
        {(props) => (
          <select {...props} value={draft.kind} onChange={(e) => set({ kind: e.target.value })}>
            <option value="">Automatic</option>
            <option value="github">GitHub</option>
            <option value="gitlab">GitLab</option>
            <option value="gitea">Gitea / Forgejo</option>
          </select>
        )}
      </Field>
      <Field label="API URL (optional)" hint="e.g. https://gitea.example.com/api/v1; derived from the repository URL when empty.">
        {(props) => <input {...props} className="mono" value={draft.apiUrl} onChange={(e) => set({ apiUrl: e.target.value })} autoComplete="off" spellCheck={false} />}
      </Field>
      <Field label="Repository on the forge (optional)" hint="owner/repo (GitLab: group/project); derived from the repository URL when empty.">
        {(props) => <input {...props} className="mono" value={draft.repository} onChange={(e) => set({ repository: e.target.value })} autoComplete="off" spellCheck={false} />}
      </Field>
      <Field label="Status token (optional)" hint="Write access to commit statuses. Empty keeps the current one; without one, the project's HTTPS token reports.">
        {(props) => <input {...props} type="password" className="mono" value={draft.token} onChange={(e) => set({ token: e.target.value })} autoComplete="off" disabled={draft.removeToken} />}
      </Field>
      {hasStatusToken ? (
        <label className="checkbox"><input type="checkbox" checked={draft.removeToken} onChange={(e) => set({ removeToken: e.target.checked })} /><span>Remove the status token</span></label>
      ) : null}
    </>
  );
}
