import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'auth:public';

/** Marks a controller or route as reachable without a token (health, metrics). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
