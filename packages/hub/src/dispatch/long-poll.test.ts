import { describe, expect, it } from 'vitest';
import { createInProcessWakeups } from '../wakeups/wakeups.js';
import { createLongPoll } from './long-poll.js';

const LONG = 60_000;
const signal = () => new AbortController().signal;

describe('createLongPoll', () => {
  it('wakes a held sync when its agent topic is notified', async () => {
    const wakeups = createInProcessWakeups();
    const longPoll = createLongPoll({ wakeups });
    const waiter = longPoll.register('a1', 't1');
    const held = waiter.wait(LONG, signal());
    expect(longPoll.heldCount()).toBe(1);
    wakeups.notify('agent:a1');
    expect(await held).toBe('woken');
    waiter.dispose();
  });

  it('keeps a wake-up that arrives while the sync is still deciding', async () => {
    const wakeups = createInProcessWakeups();
    const longPoll = createLongPoll({ wakeups });
    const waiter = longPoll.register('a1', 't1');
    wakeups.notify('agent:a1');
    expect(await waiter.wait(LONG, signal())).toBe('woken');
    waiter.dispose();
  });

  it('wakes one waiter of a type per notification, the one waiting longest', async () => {
    const wakeups = createInProcessWakeups();
    const longPoll = createLongPoll({ wakeups });
    const first = longPoll.register('a1', 't1');
    const second = longPoll.register('a2', 't1');
    const outcomes: string[] = [];
    const a = first.wait(LONG, signal()).then((o) => outcomes.push(`a1:${o}`));
    const controller = new AbortController();
    const b = second.wait(LONG, controller.signal).then((o) => outcomes.push(`a2:${o}`));
    wakeups.notify('agent-type:t1');
    await a;
    expect(outcomes).toEqual(['a1:woken']);
    controller.abort();
    await b;
    expect(outcomes).toEqual(['a1:woken', 'a2:aborted']);
    first.dispose();
    second.dispose();
  });

  it('passes an unused type wake-up on to another waiter when its sync leaves', async () => {
    const wakeups = createInProcessWakeups();
    const longPoll = createLongPoll({ wakeups });
    const deciding = longPoll.register('a1', 't1');
    const other = longPoll.register('a2', 't1');
    wakeups.notify('agent-type:t1');
    const held = other.wait(LONG, signal());
    deciding.dispose();
    expect(await held).toBe('woken');
    other.dispose();
  });

  it('times out, and answers every held sync when closed', async () => {
    const wakeups = createInProcessWakeups();
    const longPoll = createLongPoll({ wakeups });
    const waiter = longPoll.register('a1', 't1');
    expect(await waiter.wait(5, signal())).toBe('timeout');
    const held = waiter.wait(LONG, signal());
    longPoll.close();
    expect(await held).toBe('closed');
    expect(await waiter.wait(LONG, signal())).toBe('closed');
    waiter.dispose();
  });

  it('does not wake waiters of another type or agent', async () => {
    const wakeups = createInProcessWakeups();
    const longPoll = createLongPoll({ wakeups });
    const waiter = longPoll.register('a1', 't1');
    wakeups.notify('agent-type:t2');
    wakeups.notify('agent:a2');
    expect(await waiter.wait(5, signal())).toBe('timeout');
    waiter.dispose();
  });
});
