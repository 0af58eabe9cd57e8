// V8 collects garbage as a program allocates, so a server that has answered a burst of edits and
// then waits keeps what the burst left for as long as it waits: at 5,000 hosts, tens of MB of the
// last versions' garbage, a young generation grown to its largest and the buffers of the large
// answers written, as well as the pages a heap that grew is left with. Once the server has rested
// (no message has come for a while, and it was idle most of that while: opening a large design
// works on for long after its one message), it collects, compacting the heap and giving back to the
// system what is free; the next message starts a new wait.
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How long the server waits without a message before it collects: longer than a typist's pause. */
export const REST_MS = 10_000;
/** The share of a wait the server may have spent working and still count it as rest. */
const BUSY_AT_REST = 0.25;
/**
 * The collections made at rest, a wait apart: the first frees what is dead, leaving pages of the
 * heap sparse; the second moves what lives out of those, so that they can be given back, and, as V8
 * then sees that the server has stopped allocating, gives back the young generation's space too (at
 * 5,000 hosts, some 35 MB each).
 */
const COLLECTIONS = 2;

export class RestCollector {
  private timer: NodeJS.Timeout | undefined;
  private since: EventLoopUtilization | undefined;
  private collections = 0;

  /**
   * `busySince(since)` gives the share of the time since `since` (undefined: now) that the server
   * spent working, and a new `since`: by default, from the event loop's utilization.
   */
  constructor(
    private readonly restMs: number,
    private readonly collect: () => Promise<void> | void = collectAllGarbage,
    private readonly busySince: (since?: EventLoopUtilization) => { busy: number; now: EventLoopUtilization } = loopBusySince,
  ) {}

  /** Called for every message the connection handles: the wait starts again. */
  handling(): void {
    this.collections = 0;
    this.since = this.busySince().now;
    this.wait();
  }

  private wait(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.waited(), this.restMs);
    // The wait alone does not keep the process alive.
    this.timer.unref();
  }

  private waited(): void {
    const { busy, now } = this.busySince(this.since);
    this.since = now;
    if (busy > BUSY_AT_REST) return this.wait();
    void this.collect();
    if (++this.collections < COLLECTIONS) this.wait();
  }
}

function loopBusySince(since?: EventLoopUtilization): { busy: number; now: EventLoopUtilization } {
  const now = performance.eventLoopUtilization();
  return { busy: since ? performance.eventLoopUtilization(now, since).utilization : 0, now };
}

type CollectGarbage = (options: { type: 'major'; execution: 'async'; flavor: 'last-resort' }) => Promise<void>;
let collectGarbage: CollectGarbage | undefined;

/**
 * The full collection V8 makes before it gives up for lack of memory, which compacts the heap. V8
 * offers it through `gc`, which a context made after `--expose-gc` is set holds; run as a task of
 * its own, from an empty stack (called from a function, its collection would keep whatever the
 * stack's words might point at).
 */
export function collectAllGarbage(): Promise<void> {
  if (!collectGarbage) {
    setFlagsFromString('--expose-gc');
    collectGarbage = runInNewContext('gc') as CollectGarbage;
  }
  return collectGarbage({ type: 'major', execution: 'async', flavor: 'last-resort' });
}
