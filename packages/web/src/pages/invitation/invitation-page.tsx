import { useEffect, useState, type FormEvent } from 'react';
import type { InvitationPreview, Session } from '@outpost/protocol';
import { acceptInvitation, previewInvitation } from '../../api/teams.js';
import { Button } from '../../components/button.js';
import { AuthCard } from '../../components/auth-card.js';
import { Field } from '../../components/field.js';
import { sentence } from '../../format/sentence.js';
import { useTitle } from '../use-title.js';

/** The page an invitation link opens (signed in or not): who invites whom with which role, then a password to join. */
export function InvitationPage({ token, onJoined }: { token: string; onJoined(session: Session): void }) {
  useTitle('Invitation');
  const [preview, setPreview] = useState<InvitationPreview | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    previewInvitation(token).then(setPreview, (failure: Error) => setLoadError(sentence(failure.message)));
  }, [token]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onJoined(await acceptInvitation(token, password));
    } catch (failure) {
      setError(sentence((failure as Error).message));
      setBusy(false);
    }
  };

  return (
    <AuthCard>
      {loadError ? <><h1>Invitation</h1><p className="form-error" role="alert">{loadError}</p></> : null}
      {!preview && !loadError ? <div aria-busy="true" aria-label="Loading the invitation" /> : null}
      {preview ? (
        <>
          <h1>Join {preview.organization.name}</h1>
          <p className="muted">You are invited as <strong>{preview.role}</strong> with {preview.email}.</p>
          <form onSubmit={(e) => void submit(e)} noValidate>
            <input type="email" autoComplete="username" value={preview.email} readOnly hidden />
            <Field label={preview.account_exists ? 'Your password' : 'Choose a password'} hint={preview.account_exists ? 'You already have an account on this hub: sign in with its password to join.' : 'At least 10 characters.'}>
              {(props) => <input {...props} type="password" autoComplete={preview.account_exists ? 'current-password' : 'new-password'} required value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />}
            </Field>
            {error ? <p className="form-error" role="alert">{error}</p> : null}
            <Button type="submit" variant="primary" busy={busy} disabled={!password} className="btn-block">Join {preview.organization.name}</Button>
          </form>
        </>
      ) : null}
    </AuthCard>
  );
}
