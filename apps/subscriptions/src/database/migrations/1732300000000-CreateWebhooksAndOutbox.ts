import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWebhooksAndOutbox1732300000000 implements MigrationInterface {
  name = 'CreateWebhooksAndOutbox1732300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(50) NOT NULL,
        description varchar(1000),
        scope_type varchar(16) NOT NULL CHECK (scope_type IN ('global', 'namespace', 'repository')),
        scope_namespace varchar(255),
        scope_repository varchar(255),
        scope_tag varchar(128),
        events text[] NOT NULL CHECK (cardinality(events) > 0),
        target jsonb NOT NULL,
        "authorization" text,
        format varchar(16) NOT NULL,
        cloud_events_mode varchar(16),
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        secrets jsonb NOT NULL,
        retry_schedule_ms integer[],
        ordered boolean NOT NULL DEFAULT false,
        rate_limit_per_second real,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        revision integer NOT NULL DEFAULT 1,
        CHECK ((scope_type = 'global') = (scope_namespace IS NULL)),
        CHECK ((scope_type = 'repository') = (scope_repository IS NOT NULL)),
        CHECK (scope_tag IS NULL OR scope_type = 'repository')
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX webhooks_scope_name_key
        ON webhooks (scope_type, coalesce(scope_namespace, ''), coalesce(scope_repository, ''), name)`);
    await queryRunner.query(`CREATE INDEX webhooks_scope_namespace_idx ON webhooks (scope_namespace)`);
    await queryRunner.query(`CREATE INDEX webhooks_scope_repository_idx ON webhooks (scope_repository)`);
    await queryRunner.query(`CREATE INDEX webhooks_events_idx ON webhooks USING gin (events)`);
    await queryRunner.query(`CREATE INDEX webhooks_created_at_idx ON webhooks (created_at, id)`);

    await queryRunner.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        aggregate_id uuid NOT NULL,
        payload jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL`);
    await queryRunner.query(
      `CREATE INDEX outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE outbox`);
    await queryRunner.query(`DROP TABLE webhooks`);
  }
}
