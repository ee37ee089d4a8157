import type { CommonErrors } from './service-errors';

export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  /** The signing name of the service the call was signed for (`cloudcontrolapi`), which picks the service that answers it. */
  service: string;
}

/**
 * A call's credential scope, from its SigV4 Authorization header
 * (`Credential=AKID/20261124/us-east-1/cloudcontrolapi/aws4_request`): the region and service
 * are the ones it was signed for, exactly as AWS routes it. Signatures are not verified: the
 * emulator has no secrets to verify them with. A missing or unreadable header is refused in the
 * words of `errors`, the protocol that answers before the service is known.
 */
export function parseCredentialScope(authorization: string | undefined, errors: CommonErrors): CredentialScope {
  if (!authorization) throw errors.missingAuthentication();
  const match = /Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request/.exec(authorization);
  if (!match) throw errors.invalidSignature('Authorization header requires a SigV4 Credential parameter.');
  const [, accessKeyId, date, region, service] = match as unknown as [string, string, string, string, string];
  return { accessKeyId, date, region, service };
}
