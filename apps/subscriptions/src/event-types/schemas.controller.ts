import { JsonSchemaFile, jsonSchemaFiles, renderJsonSchema } from '@app/events/schemas/json-schema';
import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';

const FILES: ReadonlyMap<string, string> = new Map(
  jsonSchemaFiles().map((file: JsonSchemaFile) => [file.fileName, renderJsonSchema(file)]),
);

/**
 * The JSON Schema files of libs/events/schemas, one per topic, rendered from the same schemas the
 * validator uses. Public like the files in the repository, so a plain link opens them.
 */
@ApiTags('event-types')
@Public()
@Controller('schemas')
export class SchemasController {
  @Get(':file')
  @Header('Content-Type', 'application/schema+json; charset=utf-8')
  @ApiOkResponse({
    description: 'The JSON Schema (draft 2020-12) of one topic, e.g. registry.artifact.v1.json',
  })
  @ApiNotFoundResponse()
  file(@Param('file') file: string): string {
    const text = FILES.get(file);
    if (text === undefined) {
      throw new NotFoundException(
        `no schema named ${JSON.stringify(file.slice(0, 100))}; see GET /api/v1/event-types`,
      );
    }
    return text;
  }
}
