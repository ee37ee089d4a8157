import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { badInput } from '../errors';

import type { ListPosition } from '../loaders/list-window';

/** Which list a cursor belongs to: `pipelines`, `requests:` or `images:` with what it lists and the filter it was made under. */
type ListKind = string;

/**
 * Opaque, signed cursors. The signature lets a forged or damaged cursor be refused as bad input
 * instead of reaching Cloud Control; the region and list kind inside keep a cursor from being
 * replayed against another list. Cursors outlive a restart only with a fixed CURSOR_SECRET.
 */
export class CursorCodec {
  private readonly secret: Buffer;

  constructor(secret?: string) {
    this.secret = secret ? Buffer.from(secret, 'utf8') : randomBytes(32);
  }

  encode(kind: ListKind, region: string, position: ListPosition): string {
    const payload = Buffer.from(JSON.stringify({ k: kind, r: region, t: position.token ?? null, o: position.offset })).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  decode(kind: ListKind, region: string, cursor: string, argument = 'after'): ListPosition {
    const invalid = (why: string) => badInput(`${argument} is not a valid cursor: ${why}. Pass an endCursor or edge cursor from the same list.`, { argument });
    const [payload, signature, extra] = cursor.split('.');
    if (!payload || !signature || extra !== undefined) throw invalid('it is malformed');
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid('it was not issued by this gateway or has been altered');
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { k: string; r: string; t: string | null; o: number };
    if (decoded.k !== kind) throw invalid('it belongs to another kind of list');
    if (decoded.r !== region) throw invalid(`it belongs to the list of region ${decoded.r}, not ${region}`);
    return { token: decoded.t ?? undefined, offset: decoded.o };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url').slice(0, 22);
  }
}
