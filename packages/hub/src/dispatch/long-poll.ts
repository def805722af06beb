import { createWake, waitOrWake, type Wake } from '@outpost/protocol';
import type { Wakeups, WakeupTopic } from '../wakeups/wakeups.js';

/**
 * Holds long-poll syncs (X-Outpost-Wait) until something concerns the agent. A waiter is registered before the
 * sync decides, so a wake-up that arrives while it decides is kept and makes the next wait return at once.
 *
 * `agent:<id>` wakes that agent's waiter (a stop, a disable). `agent-type:<id>` wakes one waiter of the type, the
 * one waiting longest, because one new job needs one agent: waking every idle agent of a type for each job would
 * make N agents race for one row. A waiter that leaves holding an unused type wake-up passes it on.
 */
export type WaitOutcome = 'woken' | 'timeout' | 'aborted' | 'closed';

export interface Waiter {
  /** Resolves when woken, after `timeoutMs`, when `signal` aborts, or when the hub closes. */
  wait(timeoutMs: number, signal: AbortSignal): Promise<WaitOutcome>;
  dispose(): void;
}

export interface LongPoll {
  register(agentId: string, agentTypeId: string): Waiter;
  /** How many syncs are held right now (for metrics). */
  heldCount(): number;
  /** Answers every held sync at once (hub shutdown); later waits return 'closed' immediately. */
  close(): void;
}

interface WaiterState {
  pending: boolean;
  /** The pending wake-up came from the type queue (so it must be passed on if unused). */
  typeWake: boolean;
  wake: Wake;
}

interface TypeQueue {
  waiters: Set<WaiterState>;
  unsubscribe: () => void;
}

/** The held syncs of this process: per-type queues, every waiter, and whether the hub is closing. */
interface Registry {
  wakeups: Wakeups;
  types: Map<string, TypeQueue>;
  all: Set<WaiterState>;
  closed: boolean;
}

export function createLongPoll(deps: { wakeups: Wakeups }): LongPoll {
  const registry: Registry = { wakeups: deps.wakeups, types: new Map(), all: new Set(), closed: false };
  return {
    register: (agentId, agentTypeId) => registerWaiter(registry, agentId, agentTypeId),
    heldCount: () => [...registry.all].filter((w) => w.wake.isWaiting()).length,
    close() {
      registry.closed = true;
      for (const state of registry.all) state.wake.wake();
    },
  };
}

function wake(state: WaiterState, fromType: boolean): void {
  if (state.wake.wake()) {
    state.typeWake = false;
    return;
  }
  state.pending = true;
  state.typeWake = state.typeWake || fromType;
}

function wakeOneOfType(registry: Registry, agentTypeId: string): void {
  const queue = registry.types.get(agentTypeId);
  if (!queue) return;
  // Prefer a waiter that is waiting now; else one that is deciding (it will look at the queue again).
  let deciding: WaiterState | undefined;
  for (const waiter of queue.waiters) {
    if (waiter.wake.isWaiting()) return wake(waiter, true);
    if (!deciding && !waiter.pending) deciding = waiter;
  }
  if (deciding) wake(deciding, true);
}

function joinType(registry: Registry, agentTypeId: string, state: WaiterState): void {
  let queue = registry.types.get(agentTypeId);
  if (!queue) {
    const topic: WakeupTopic = `agent-type:${agentTypeId}`;
    queue = { waiters: new Set(), unsubscribe: registry.wakeups.subscribe(topic, () => wakeOneOfType(registry, agentTypeId)) };
    registry.types.set(agentTypeId, queue);
  }
  queue.waiters.add(state);
}

function leaveType(registry: Registry, agentTypeId: string, state: WaiterState): void {
  const queue = registry.types.get(agentTypeId);
  if (!queue) return;
  queue.waiters.delete(state);
  if (queue.waiters.size === 0) {
    queue.unsubscribe();
    registry.types.delete(agentTypeId);
  }
}

function registerWaiter(registry: Registry, agentId: string, agentTypeId: string): Waiter {
  const state: WaiterState = { pending: false, typeWake: false, wake: createWake() };
  registry.all.add(state);
  joinType(registry, agentTypeId, state);
  const unsubscribeAgent = registry.wakeups.subscribe(`agent:${agentId}`, () => wake(state, false));
  const life = { disposed: false };
  return {
    wait: (timeoutMs, signal) => waitForWake(registry, state, life, timeoutMs, signal),
    dispose() {
      if (life.disposed) return;
      life.disposed = true;
      unsubscribeAgent();
      registry.all.delete(state);
      state.wake.wake();
      leaveType(registry, agentTypeId, state);
      // A type wake-up this waiter took but did not use goes to another waiter of the type.
      if (state.pending && state.typeWake) wakeOneOfType(registry, agentTypeId);
    },
  };
}

/** Resolves on a wake-up (at once if one came while the sync decided), the timeout, the agent hanging up, or close. */
async function waitForWake(
  registry: Registry,
  state: WaiterState,
  life: { disposed: boolean },
  timeoutMs: number,
  signal: AbortSignal,
): Promise<WaitOutcome> {
  if (registry.closed) return 'closed';
  if (signal.aborted) return 'aborted';
  if (state.pending) {
    state.pending = false;
    state.typeWake = false;
    return 'woken';
  }
  const end = await waitOrWake(timeoutMs, signal, state.wake);
  // close() and dispose() end the wait through the same wake as a wake-up does.
  if (registry.closed) return 'closed';
  if (life.disposed) return 'aborted';
  return end === 'elapsed' ? 'timeout' : end;
}
