import type { EventName, EventPayload } from '../../shared/contract';

export type Send = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * Main → renderer events, per client. The Electron adapter attaches one sink per window; the E2E bridge and tests
 * attach their own. A job's events go only to the client that submitted it.
 */
export class EventHub {
  private readonly sinks = new Map<string, Send>();
  private readonly goneListeners: ((clientId: string) => void)[] = [];

  attach(clientId: string, send: Send): () => void {
    this.sinks.set(clientId, send);
    return () => {
      if (this.sinks.get(clientId) !== send) return;
      this.sinks.delete(clientId);
      for (const listener of this.goneListeners) listener(clientId);
    };
  }

  /** Called when a client detaches (its window closed): what it alone owned can be let go. */
  onClientGone(listener: (clientId: string) => void): void {
    this.goneListeners.push(listener);
  }

  /**
   * The one access rule for jobs: a client sees its own, and those of clients that are gone (history from
   * earlier sessions, finished CLI runs) — never another live window's.
   */
  canSee(clientId: string, owner: string): boolean {
    return owner === clientId || !this.sinks.has(owner);
  }

  clients(): string[] {
    return [...this.sinks.keys()];
  }

  sendTo<E extends EventName>(clientId: string, event: E, payload: EventPayload<E>): void {
    const send = this.sinks.get(clientId);
    if (send) deliver(send, event, payload);
  }

  broadcast<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const send of this.sinks.values()) deliver(send, event, payload);
  }

  /** Sends each client its own view of a payload (e.g. queue status listing only its jobs). */
  broadcastEach<E extends EventName>(event: E, view: (clientId: string) => EventPayload<E>): void {
    for (const [clientId, send] of this.sinks) deliver(send, event, view(clientId));
  }
}

function deliver<E extends EventName>(send: Send, event: E, payload: EventPayload<E>): void {
  try {
    send(event, payload);
  } catch {
    // A window that is closing must not break delivery to the others.
  }
}
