import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CanonicalEventsModule } from '../canonical-events/canonical-events.module';
import { RemoteRepositoriesController } from './remote-repositories.controller';
import { RemoteRepositoriesRepository } from './remote-repositories.repository';
import { RemoteRepositoriesService } from './remote-repositories.service';
import { RemoteRepositoryScheduler } from './remote-repository-scheduler.service';
import { RemoteRepositorySyncService } from './remote-repository-sync.service';
import { RemoteRepositoryEntity, RemoteRepositoryTagEntity } from './remote-repository.entity';

/** Watched remote repositories: polled OCI registries whose tag changes become TAG_PUSH and TAG_DELETE. */
@Module({
  imports: [
    TypeOrmModule.forFeature([RemoteRepositoryEntity, RemoteRepositoryTagEntity]),
    CanonicalEventsModule,
  ],
  controllers: [RemoteRepositoriesController],
  providers: [
    RemoteRepositoriesRepository,
    RemoteRepositorySyncService,
    RemoteRepositoryScheduler,
    RemoteRepositoriesService,
  ],
})
export class RemoteRepositoriesModule {}
