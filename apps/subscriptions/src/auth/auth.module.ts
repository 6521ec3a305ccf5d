import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessPolicy } from './access-policy';
import { CallerController } from './caller.controller';
import { JwtAuthGuard } from './jwt-auth.guard';
import { TokenVerifier } from './token-verifier';

@Global()
@Module({
  controllers: [CallerController],
  providers: [TokenVerifier, AccessPolicy, { provide: APP_GUARD, useClass: JwtAuthGuard }],
  exports: [AccessPolicy, TokenVerifier],
})
export class AuthModule {}
