// The one error type that crosses the worker boundary. Whatever the engine refuses or fails at reaches the
// UI as a UserError: what is wrong (title, detail) and what the person can do about it (action).
//
// comlink forwards only an Error's name, message and stack, so installUserErrorTransfer() widens its
// 'throw' transfer handler to carry the three parts; the worker and the page both install it.

import * as Comlink from 'comlink';
import { t } from './i18n';

/** The parts of an error the person can act on; plain data, safe to structured-clone and to store. */
export interface UserErrorInfo {
  /** What is wrong, in one short line ("“scan.png” could not be decoded"). */
  title: string;
  /** Why, with the facts (sizes, names, what was expected). */
  detail: string;
  /** What to do about it. */
  action: string;
}

/** An error the person can act on. Thrown in the worker, re-thrown as a UserError in the page. */
export class UserError extends Error implements UserErrorInfo {
  constructor(
    readonly title: string,
    readonly detail: string,
    readonly action: string,
  ) {
    super(`${title}: ${detail}`);
    this.name = 'UserError';
  }

  static of(info: UserErrorInfo): UserError {
    return new UserError(info.title, info.detail, info.action);
  }

  info(): UserErrorInfo {
    return { title: this.title, detail: this.detail, action: this.action };
  }
}


/**
 * Anything thrown, as parts a person can read: a UserError (or anything shaped like one) keeps its parts;
 * other errors become "Something went wrong" with their message as the detail.
 */
export function toUserError(e: unknown): UserErrorInfo {
  if (e instanceof UserError) return e.info();
  const o = e as Partial<UserErrorInfo> & { message?: unknown } | null;
  if (o && typeof o.title === 'string' && typeof o.detail === 'string' && typeof o.action === 'string') return { title: o.title, detail: o.detail, action: o.action };
  const msg = o && typeof o === 'object' && 'message' in o ? String(o.message) : String(e);
  return { title: t('engine:generic.title'), detail: msg, action: t('engine:generic.action') };
}

interface SerializedThrow {
  isUserError?: true;
  value: unknown;
}

let installed = false;

/** Makes a thrown UserError cross comlink with its parts and class intact. Idempotent; call on both sides. */
export function installUserErrorTransfer(): void {
  if (installed) return;
  installed = true;
  const base = Comlink.transferHandlers.get('throw') as Comlink.TransferHandler<{ value: unknown }, SerializedThrow>;
  Comlink.transferHandlers.set('throw', {
    canHandle: base.canHandle,
    serialize(thrown: { value: unknown }): [SerializedThrow, Transferable[]] {
      if (thrown.value instanceof UserError) return [{ isUserError: true, value: thrown.value.info() }, []];
      return base.serialize(thrown);
    },
    deserialize(s: SerializedThrow): never {
      if (s.isUserError) throw UserError.of(s.value as UserErrorInfo);
      return base.deserialize(s) as never;
    },
  } satisfies Comlink.TransferHandler<{ value: unknown }, SerializedThrow>);
}
