import type { Caller } from './accounts';
import type { EmulatorSettings } from './emulator-state';
import type { Place } from './resources/arns';
import type { ResourceStore } from './store';
import type { Sessions } from './sts/sessions';

/** An injected handler failure (the `failWrites` fault): the write is accepted, then its handler fails. */
export interface HandlerFailure {
  errorCode: string;
  message: string;
}

/** What a service operation works with: the store, the settings, whose call it is, and the faults it is given. */
export interface OperationContext {
  store: ResourceStore;
  /** The credentials STS issued. */
  sessions: Sessions;
  settings: EmulatorSettings;
  /** The caller's account and the region the call was signed for. */
  place: Place;
  /** Who signed the call. */
  caller: Caller;
  /** The emulator's clock. */
  now: () => number;
  handlerFailure?: HandlerFailure;
}
