/**
 * For the TypeORM CLI, e.g. after `npm run build`:
 *   DATABASE_URL=postgres://… npx typeorm migration:show -d dist/apps/subscriptions/src/database/data-source.js
 * The app itself runs pending migrations at boot.
 */
import { loadConfig } from '@app/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { databaseEnv } from '../config';
import { dataSourceOptions } from './data-source-options';

export default new DataSource(dataSourceOptions(loadConfig(z.object(databaseEnv)).DATABASE_URL));
