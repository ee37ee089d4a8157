import type { Caller } from './accounts';
import type { EmulatorSettings } from './emulator-state';
import type { BuildFailure, ImageStore } from './image-store';
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
  /** Image builds and each pipeline's run state, beside the store's models. */
  images: ImageStore;
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
  /** The failure the next build is given (the `failBuilds` fault), if any; taking it counts it. */
  takeBuildFailure(): BuildFailure | undefined;
}
