import { AttemptRecord } from '@app/events';
import { OutboundRequest, SendResult } from './http-sender';
import { redactHeaders } from './redaction';

/**
 * What an attempt record keeps of one request and its answer: the request with credentials in
 * headers redacted, the response (its body already cut by the sender) or the error, the duration.
 */
export function recordedExchange(
  request: OutboundRequest,
  result: SendResult,
): Pick<AttemptRecord, 'durationMs' | 'request' | 'response' | 'error'> {
  return {
    durationMs: result.durationMs,
    request: {
      method: 'POST',
      url: request.url,
      headers: redactHeaders(request.headers),
      body: request.body,
    },
    response: result.response && {
      statusCode: result.response.statusCode,
      headers: result.response.headers,
      body: result.response.body,
      truncated: result.response.truncated,
    },
    error: result.error && { code: result.error.code, message: result.error.message },
  };
}
