import { useState, type FormEvent } from 'react';
import type { Session } from '@outpost/protocol';
import { signIn } from '../../api/session.js';
import { Button } from '../../components/button.js';
import { AuthCard } from '../../components/auth-card.js';
import { Field } from '../../components/field.js';
import { sentence } from '../../format/sentence.js';
import { useTitle } from '../use-title.js';

export function SignInPage({ onSignedIn }: { onSignedIn(session: Session): void }) {
  useTitle('Sign in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(email, password));
    } catch (failure) {
      setError((failure as Error).message);
      setBusy(false);
    }
  };

  return (
    <AuthCard>
      <h1>Sign in</h1>
      <p className="muted">Self-hosted CI agents, under your control.</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Email">
          {(props) => <input {...props} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />}
        </Field>
        <Field label="Password">
          {(props) => <input {...props} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        {error ? <p className="form-error" role="alert">{sentence(error)}</p> : null}
        <Button type="submit" variant="primary" busy={busy} disabled={!email || !password} className="btn-block">Sign in</Button>
      </form>
      <p className="sign-in-help">First start? The hub printed the owner's email and password in its output.</p>
    </AuthCard>
  );
}
