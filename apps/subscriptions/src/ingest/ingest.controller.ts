import { INGEST_SOURCES } from '@app/events';
import {
  Controller,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Public } from '../auth/public.decorator';
import { IngestResultView } from './dto/ingest-result.view';
import { INGEST_PATH } from './ingest-http';
import { INGEST_BODY_EXAMPLES, INGEST_CONTENT_TYPES } from './ingest-openapi';
import { IngestService, IngestUnavailableError } from './ingest.service';

/** Seconds a registry is asked to wait before retrying while Kafka is unavailable. */
const RETRY_AFTER_SECONDS = 5;

@ApiTags('ingest')
@Public()
@Controller(INGEST_PATH)
export class IngestController {
  constructor(private readonly ingest: IngestService) {}

  @Post(':source')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: "A registry's native notification in, canonical events out",
    description:
      "Authenticated by the source's own token from INGEST_TOKENS: `Authorization: Bearer <token>`, or `?token=<token>` for registries that cannot send headers (Docker Hub, Quay). " +
      'The body is the notification exactly as the registry sends it, with any of its Content-Types; the answer is 202 only once Kafka acknowledged every canonical event.',
  })
  @ApiParam({ name: 'source', enum: INGEST_SOURCES })
  @ApiConsumes(...INGEST_CONTENT_TYPES)
  @ApiBody({ schema: { type: 'object' }, examples: INGEST_BODY_EXAMPLES })
  @ApiAcceptedResponse({ type: IngestResultView })
  @ApiBadRequestResponse({ description: "Not that source's format; the message names what is wrong, where" })
  @ApiUnauthorizedResponse({ description: 'Missing or wrong token for the source' })
  @ApiNotFoundResponse({ description: 'Not a source, or a source without a token in INGEST_TOKENS' })
  @ApiPayloadTooLargeResponse({ description: 'Body larger than INGEST_MAX_BODY_BYTES' })
  @ApiServiceUnavailableResponse({ description: 'Kafka is unavailable; retry after Retry-After seconds' })
  async receive(
    @Param('source') source: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<IngestResultView> {
    const token = request.query.token;
    try {
      return await this.ingest.receive(source, {
        authorization: request.headers.authorization,
        queryToken: typeof token === 'string' ? token : undefined,
        contentType: request.headers['content-type'],
        body: Buffer.isBuffer(request.body) ? request.body : undefined,
        requestId: String(request.id),
      });
    } catch (error) {
      if (error instanceof UnauthorizedException) response.setHeader('WWW-Authenticate', 'Bearer');
      if (error instanceof IngestUnavailableError)
        response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      throw error;
    }
  }
}
