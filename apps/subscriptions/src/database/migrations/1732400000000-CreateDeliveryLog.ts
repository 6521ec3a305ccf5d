import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delivery log: one row per delivery (an event, ping or redelivery to one webhook) and one per
 * attempt, ingested from webhooks.attempts.v1. Both go with their webhook (ON DELETE CASCADE).
 */
export class CreateDeliveryLog1732400000000 implements MigrationInterface {
  name = 'CreateDeliveryLog1732400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE deliveries (
        id text PRIMARY KEY,
        webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
        event_id text NOT NULL,
        event_type text NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('event', 'ping', 'redelivery')),
        event jsonb NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'dead')),
        attempt_count integer NOT NULL DEFAULT 0,
        last_attempt_number integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz
      )`);
    // The log of one webhook, newest first (also the per-webhook retention cut).
    await queryRunner.query(
      `CREATE INDEX deliveries_webhook_created_idx ON deliveries (webhook_id, created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX deliveries_webhook_status_created_idx ON deliveries (webhook_id, status, created_at DESC, id DESC)`,
    );
    // Event filter and last-trigger (max created_at per event type).
    await queryRunner.query(
      `CREATE INDEX deliveries_webhook_type_created_idx ON deliveries (webhook_id, event_type, created_at DESC, id DESC)`,
    );
    // Age-based retention.
    await queryRunner.query(`CREATE INDEX deliveries_created_idx ON deliveries (created_at)`);

    await queryRunner.query(`
      CREATE TABLE delivery_attempts (
        attempt_id text PRIMARY KEY,
        delivery_id text NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
        number integer NOT NULL CHECK (number >= 1),
        at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        request jsonb NOT NULL,
        response jsonb,
        error jsonb,
        outcome varchar(16) NOT NULL CHECK (outcome IN ('succeeded', 'retrying', 'failed', 'dead')),
        next_attempt_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX delivery_attempts_delivery_idx ON delivery_attempts (delivery_id, number)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE delivery_attempts`);
    await queryRunner.query(`DROP TABLE deliveries`);
  }
}
