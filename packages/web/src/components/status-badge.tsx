export type Tone = 'green' | 'blue' | 'amber' | 'red' | 'gray';

export function StatusBadge({ tone, children, pulse = false }: { tone: Tone; children: string; pulse?: boolean }) {
  return (
    <span className={`badge badge-${tone}`}>
      <span className={pulse ? 'dot dot-pulse' : 'dot'} aria-hidden="true" />
      {children}
    </span>
  );
}
