import { describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import { UserError, installUserErrorTransfer, toUserError } from './errors';

// A real comlink channel (Node's MessageChannel), as between the page and the engine worker.
function connect<T extends object>(impl: T): Comlink.Remote<T> {
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(impl, port1 as unknown as Comlink.Endpoint);
  return Comlink.wrap<T>(port2 as unknown as Comlink.Endpoint);
}

describe('UserError across the worker boundary', () => {
  installUserErrorTransfer();
  const remote = connect({
    refuse(): void {
      throw new UserError('"scan.png" could not be decoded', 'It is truncated.', 'Export it again.');
    },
    crash(): void {
      throw new TypeError('x is undefined');
    },
  });

  it('arrives as a UserError with its three parts', async () => {
    const e = await remote.refuse().catch((err: unknown) => err);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).info()).toEqual({ title: '"scan.png" could not be decoded', detail: 'It is truncated.', action: 'Export it again.' });
  });

  it('leaves other errors as comlink sends them (name and message), not as a UserError', async () => {
    const e = await remote.crash().catch((err: unknown) => err);
    expect(e).not.toBeInstanceOf(UserError);
    expect((e as Error).name).toBe('TypeError');
    expect(toUserError(e)).toMatchObject({ title: 'Something went wrong', detail: 'x is undefined' });
  });

  it('toUserError keeps any object that has the three parts, and wraps strings', () => {
    expect(toUserError({ title: 'a', detail: 'b', action: 'c', extra: 1 })).toEqual({ title: 'a', detail: 'b', action: 'c' });
    expect(toUserError('boom').detail).toBe('boom');
  });
});
