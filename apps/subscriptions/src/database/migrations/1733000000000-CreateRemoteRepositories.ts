import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Watched remote repositories and the tag → digest state of each; the tags go with their
 * repository (ON DELETE CASCADE).
 */
export class CreateRemoteRepositories1733000000000 implements MigrationInterface {
  name = 'CreateRemoteRepositories1733000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE remote_repositories (
        id uuid PRIMARY KEY,
        registry varchar(2048) NOT NULL,
        repository varchar(255) NOT NULL,
        namespace varchar(255) NOT NULL,
        interval_ms integer NOT NULL CHECK (interval_ms > 0),
        announce_existing boolean NOT NULL,
        credentials text,
        credentials_type varchar(16) CHECK (credentials_type IN ('password', 'token')),
        synced boolean NOT NULL DEFAULT false,
        last_sync_at timestamptz,
        last_success_at timestamptz,
        next_sync_at timestamptz NOT NULL,
        last_error text,
        last_error_at timestamptz,
        consecutive_failures integer NOT NULL DEFAULT 0,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT remote_repositories_registry_repository_key UNIQUE (registry, repository),
        CHECK ((credentials IS NULL) = (credentials_type IS NULL))
      )`);
    // The pollers' question: which repositories are due.
    await queryRunner.query(
      `CREATE INDEX remote_repositories_next_sync_idx ON remote_repositories (next_sync_at)`,
    );
    // The access filter of the list.
    await queryRunner.query(
      `CREATE INDEX remote_repositories_namespace_idx ON remote_repositories (namespace, repository)`,
    );
    await queryRunner.query(`
      CREATE TABLE remote_repository_tags (
        remote_repository_id uuid NOT NULL REFERENCES remote_repositories (id) ON DELETE CASCADE,
        tag varchar(128) NOT NULL,
        digest varchar(256) NOT NULL,
        media_type varchar(255),
        seen_at timestamptz NOT NULL,
        PRIMARY KEY (remote_repository_id, tag)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE remote_repository_tags`);
    await queryRunner.query(`DROP TABLE remote_repositories`);
  }
}
