import { describe, expect, it } from 'vitest';
import { createEventBus } from './events.ts';

interface TestEvents {
  ping: { n: number };
  pong: string;
}

describe('the event bus', () => {
  it('delivers an event synchronously to each listener of that name, in subscription order', () => {
    const bus = createEventBus<TestEvents>();
    const seen: string[] = [];
    bus.on('ping', (event) => seen.push(`a${event.n}`));
    bus.on('ping', (event) => seen.push(`b${event.n}`));
    bus.on('pong', (event) => seen.push(`pong:${event}`));
    bus.emit('ping', { n: 1 });
    expect(seen).toEqual(['a1', 'b1']);
  });

  it('keeps delivering to the other listeners when one throws, and reports the error', () => {
    const errors: Array<[unknown, string]> = [];
    const bus = createEventBus<TestEvents>({ onListenerError: (error, name) => errors.push([error, name]) });
    const seen: number[] = [];
    bus.on('ping', () => { throw new Error('broken observer'); });
    bus.on('ping', (event) => seen.push(event.n));
    expect(() => bus.emit('ping', { n: 7 })).not.toThrow();
    expect(seen).toEqual([7]);
    expect(errors).toEqual([[expect.objectContaining({ message: 'broken observer' }), 'ping']]);
  });

  it('stops calling a listener once it unsubscribes', () => {
    const bus = createEventBus<TestEvents>();
    const seen: number[] = [];
    const off = bus.on('ping', (event) => seen.push(event.n));
    bus.emit('ping', { n: 1 });
    off();
    bus.emit('ping', { n: 2 });
    expect(seen).toEqual([1]);
  });

  it('emits to nobody without failing when no one listens', () => {
    expect(() => createEventBus<TestEvents>().emit('pong', 'x')).not.toThrow();
  });
});
