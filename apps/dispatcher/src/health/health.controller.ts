import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Readiness } from './readiness';

@Controller()
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  /** Liveness: the process is up and serving HTTP. */
  @Get('healthz')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 once the view is caught up and the consumers joined their groups, else 503 with what is missing. */
  @Get('readyz')
  ready(@Res({ passthrough: true }) response: Response): { status: string; checks: Record<string, boolean> } {
    const checks = this.readiness.checks();
    const ready = Object.values(checks).every(Boolean);
    response.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ready' : 'not ready', checks };
  }
}
