import { IngestSource } from '@app/events';
import { createHash, timingSafeEqual } from 'node:crypto';
import { IngestTokens } from '../config';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * The bearer token of each served source, compared in constant time. The token comes in
 * `Authorization: Bearer <token>`, or, for registries that cannot send headers (Docker Hub,
 * Quay), in the URL as `?token=<token>`.
 */
export class IngestTokenCheck {
  private readonly digests: Map<IngestSource, Buffer>;

  constructor(tokens: IngestTokens | undefined) {
    this.digests = new Map(
      Object.entries(tokens ?? {}).map(([source, token]) => [source as IngestSource, digest(token)]),
    );
  }

  serves(source: IngestSource): boolean {
    return this.digests.has(source);
  }

  accepts(source: IngestSource, presented: { authorization?: string; queryToken?: string }): boolean {
    const expected = this.digests.get(source);
    const bearer = /^Bearer +(\S+) *$/i.exec(presented.authorization ?? '')?.[1];
    const token = bearer ?? presented.queryToken;
    return expected !== undefined && token !== undefined && timingSafeEqual(digest(token), expected);
  }
}
