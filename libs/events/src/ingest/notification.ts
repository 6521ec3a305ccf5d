import { CanonicalEvent } from '../schemas/envelope';
import { ValidationResult } from '../validation/issues';

/** A native notification as it arrived: the request body and what the request said about it. */
export interface NativeNotification {
  body: Buffer | string;
  /** The request's Content-Type, if any. */
  contentType?: string;
  /** When it arrived; Quay's notifications carry no time of their own. */
  receivedAt: Date;
}

/** Native events acknowledged but not forwarded, and why. */
export type IgnoredReason =
  /** Distribution: a layer or config upload, pull or delete. */
  | 'blob'
  /** Distribution: a blob mounted from another repository. */
  | 'mount'
  /** ACR: the test event sent when a webhook is created or pinged. */
  | 'ping'
  /** ACR: an image put into or released from quarantine. */
  | 'quarantine'
  /** Harbor: a tag retention run finished. */
  | 'tag_retention'
  /** Quay: build_queued, build_start, build_success, build_failure, build_cancelled. */
  | 'build';

export interface AdaptedNotification {
  /** Valid canonical events, in the order the registry sent them. */
  events: CanonicalEvent[];
  /** One entry per native event not forwarded. */
  ignored: IgnoredReason[];
}

/** The canonical events of a notification, or the problems that make it not one of its source's format. */
export type AdaptResult = ValidationResult<AdaptedNotification>;

/** Keeps the native event in `data.native` up to this size (its JSON, in bytes). */
export const MAX_NATIVE_BYTES = 16_384;
