import type { JobRecord, JobView, OutputLine, QueueStatus } from '../../shared/jobs';

/**
 * What the queue tells its subscribers (the IPC layer, the CLI), typed by the queue's own events and nothing else:
 * subscribing to an event the queue never emits does not compile. The IPC layer maps these to wire events.
 */
export interface QueueEventMap {
  'job:queued': JobView;
  'job:started': JobView;
  'job:output': { jobId: string; lines: OutputLine[] };
  'job:finished': JobRecord;
  'queue:status': QueueStatus;
  /** Something went wrong after start-up that no request is waiting to hear (a record not saved, a clean-up failed). */
  'app:notice': { level: 'info' | 'warning' | 'error'; message: string };
}
export type QueueEventName = keyof QueueEventMap;
export type QueueEventPayload<E extends QueueEventName> = QueueEventMap[E];

type Listener<E extends QueueEventName> = (payload: QueueEventMap[E]) => void;

/** A throwing listener does not stop the others or the queue. */
export class QueueEvents {
  private readonly listeners = new Map<QueueEventName, Set<(payload: never) => void>>();

  on<E extends QueueEventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => {
      set.delete(listener as (payload: never) => void);
    };
  }

  emit<E extends QueueEventName>(event: E, payload: QueueEventMap[E]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<E>)(payload);
      } catch (err) {
        // A subscriber's bug must not break the queue's bookkeeping; say it where a developer looks.
        console.error(`hapyy: a '${event}' listener threw:`, err);
      }
    }
  }
}
