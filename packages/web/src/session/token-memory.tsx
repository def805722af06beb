import { createContext, useContext, useMemo, type ReactNode } from 'react';

/**
 * Registration tokens from a create or a reset, held in memory only until the type page has picked them up: never in
 * storage, so a reload (or leaving the page) forgets them, as the hub does.
 */
export interface TokenMemory {
  remember(typeName: string, token: string): void;
  peek(typeName: string): string | null;
  forget(typeName: string): void;
}

const TokenMemoryContext = createContext<TokenMemory | null>(null);

export function TokenMemoryProvider({ children }: { children: ReactNode }) {
  const memory = useMemo<TokenMemory>(() => {
    const tokens = new Map<string, string>();
    return {
      remember: (typeName, token) => void tokens.set(typeName, token),
      peek: (typeName) => tokens.get(typeName) ?? null,
      forget: (typeName) => void tokens.delete(typeName),
    };
  }, []);
  return <TokenMemoryContext.Provider value={memory}>{children}</TokenMemoryContext.Provider>;
}

export function useTokenMemory(): TokenMemory {
  const memory = useContext(TokenMemoryContext);
  if (!memory) throw new Error('useTokenMemory needs a TokenMemoryProvider');
  return memory;
}
