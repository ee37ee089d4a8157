import type { AwsService } from './aws-service';
import { cloudControl } from './cloudcontrol/service';
import { imageBuilder } from './imagebuilder/service';
import { sts } from './sts/service';

/** The services on the emulator's port, by SigV4 signing name: the name in a call's credential scope picks the one that answers. */
export const SERVICES: ReadonlyMap<string, AwsService> = new Map([cloudControl, imageBuilder, sts].map((service) => [service.signingName, service]));

/** The protocol a call is answered in before its service is known (no or a malformed signature). */
export const FRONT_DOOR = cloudControl;
