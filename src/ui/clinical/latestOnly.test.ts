import { describe, expect, it } from 'vitest';
import { LatestOnly } from './latestOnly';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('LatestOnly', () => {
  it('keeps one call in flight and sends only the last of those asked meanwhile', async () => {
    const calls: number[] = [];
    const waiting: ReturnType<typeof deferred<string>>[] = [];
    const results: [string, number][] = [];
    const q = new LatestOnly<number, string>(
      (n) => {
        calls.push(n);
        const d = deferred<string>();
        waiting.push(d);
        return d.promise;
      },
      (r, n) => results.push([r, n]),
    );
    q.push(1);
    q.push(2);
    q.push(3);
    expect(calls).toEqual([1]);
    expect(q.busy).toBe(true);
    waiting[0].resolve('one');
    await Promise.resolve();
    await Promise.resolve();
    expect(calls).toEqual([1, 3]); // 2 was replaced by 3 before it could be sent
    q.push(4);
    waiting[1].resolve('three');
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual([1, 3, 4]);
    const idle = q.idle();
    waiting[2].resolve('four');
    await idle;
    expect(results).toEqual([['one', 1], ['three', 3], ['four', 4]]);
    expect(q.busy).toBe(false);
  });

  it('goes on after a failure and reports it', async () => {
    const errors: unknown[] = [];
    let n = 0;
    const q = new LatestOnly<number, number>(
      async (x) => {
        n++;
        if (x < 0) throw new Error('negative');
        return x * 2;
      },
      () => undefined,
      (e) => errors.push((e as Error).message),
    );
    q.push(-1);
    q.push(5);
    await q.idle();
    expect(n).toBe(2);
    expect(errors).toEqual(['negative']);
  });

  it('drop forgets the waiting request', async () => {
    const calls: number[] = [];
    const d = deferred<void>();
    const q = new LatestOnly<number, void>((x) => {
      calls.push(x);
      return x === 1 ? d.promise : Promise.resolve();
    });
    q.push(1);
    q.push(2);
    q.drop();
    d.resolve();
    await q.idle();
    expect(calls).toEqual([1]);
  });
});
