import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { collectAllGarbage, RestCollector } from '../../../server/src/restCollector';

const utilization: EventLoopUtilization = { idle: 0, active: 0, utilization: 0 };

/** A collector whose waits were as busy as `busy` says, counting its collections. */
function counted(restMs: number, busy: () => number): { collector: RestCollector; collections: () => number } {
  let collections = 0;
  const collect = () => {
    collections++;
  };
  const collector = new RestCollector(restMs, collect, (since) => ({ busy: since ? busy() : 0, now: utilization }));
  return { collector, collections: () => collections };
}

test('the server collects after it has rested, again after a second rest, and then only after a message', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { collector, collections } = counted(1000, () => 0);
    collector.handling();
    mock.timers.tick(999);
    collector.handling();
    mock.timers.tick(999);
    assert.equal(collections(), 0, 'a message during the wait starts it again');
    mock.timers.tick(1);
    assert.equal(collections(), 1);
    mock.timers.tick(1000);
    assert.equal(collections(), 2);
    mock.timers.tick(10_000);
    assert.equal(collections(), 2, 'resting longer does not collect again');
    collector.handling();
    mock.timers.tick(1000);
    mock.timers.tick(1000);
    assert.equal(collections(), 4);
  } finally {
    mock.timers.reset();
  }
});

test('a message after the first collection leaves the second to the next rest, which collects twice', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { collector, collections } = counted(1000, () => 0);
    collector.handling();
    mock.timers.tick(1000);
    collector.handling();
    mock.timers.tick(1000);
    mock.timers.tick(1000);
    assert.equal(collections(), 3);
  } finally {
    mock.timers.reset();
  }
});

test('a wait the server spent working, as on opening a large design, is no rest: it waits again', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const busy = [0.9, 0.5];
    const { collector, collections } = counted(1000, () => busy.shift() ?? 0);
    collector.handling();
    mock.timers.tick(1000);
    mock.timers.tick(1000);
    assert.equal(collections(), 0);
    mock.timers.tick(1000);
    assert.equal(collections(), 1);
  } finally {
    mock.timers.reset();
  }
});

test('a full collection frees what nothing refers to any more', async () => {
  const made = () => Array.from({ length: 500_000 }, (_, index) => ({ index, name: `host-${index}` })).length;
  assert.equal(made(), 500_000);
  const before = getHeapStatistics().used_heap_size;
  await collectAllGarbage();
  const freed = before - getHeapStatistics().used_heap_size;
  assert.ok(freed > 20e6, `${(freed / 1e6).toFixed(1)} MB freed`);
});
