import { useEffect, useState } from 'react';
import { useTokenMemory } from '../../session/token-memory.js';

export interface TokenState {
  value: string;
  revealed: boolean;
  reason: 'registered' | 'reset';
}

export interface OneTimeToken {
  token: TokenState | null;
  reveal(): void;
  /** Shows (hidden) the token a reset just issued. */
  showReset(value: string): void;
}

/** The registration token this visit may show: the one a create just made, or one a reset issues here. */
export function useOneTimeToken(name: string): OneTimeToken {
  const memory = useTokenMemory();
  // Picked up once from memory and dropped from it: a reload or a later visit shows no token.
  const [token, setToken] = useState<TokenState | null>(() => {
    const value = memory.peek(name);
    return value ? { value, revealed: false, reason: 'registered' } : null;
  });
  useEffect(() => memory.forget(name), [memory, name]);
  return {
    token,
    reveal: () => setToken((t) => (t ? { ...t, revealed: true } : t)),
    showReset: (value) => setToken({ value, revealed: false, reason: 'reset' }),
  };
}
