/// <reference lib="webworker" />
// The module worker: exposes the engine over comlink. Nothing else lives here.
import * as Comlink from 'comlink';
import { Engine } from './engine';
import { installUserErrorTransfer } from '../shared/errors';

installUserErrorTransfer();

Comlink.expose(new Engine());
