import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Principal } from '@fullfolj/contracts';
import { ApiErrorBody } from '../common/api-error';
import { ParseUuidPipe } from '../common/validation';
import { CurrentPrincipal, RequireOwnerOrAdmin } from '../auth/auth.decorators';
import { CreatePersonDto, PersonView, UpdateMeDto } from './dto/person.dto';
import { PersonSummaryView } from './dto/person-summary.dto';
import { PeopleService } from './people.service';

@ApiTags('people')
@ApiUnauthorizedResponse({ description: 'Not signed in', type: ApiErrorBody })
@Controller('people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Post()
  @RequireOwnerOrAdmin()
  @ApiOperation({ summary: 'Add a person, optionally with an initial password' })
  @ApiCreatedResponse({ type: PersonView })
  @ApiBadRequestResponse({ type: ApiErrorBody })
  @ApiConflictResponse({ description: 'The e-mail is already in use', type: ApiErrorBody })
  async create(@Body() body: CreatePersonDto): Promise<PersonView> {
    return PersonView.of(await this.people.create(body));
  }

  @Get()
  @RequireOwnerOrAdmin()
  @ApiOperation({
    summary: 'Everyone, by name (owners and administrators)',
    description:
      'An administrator sees everyone in full. A programme owner sees in full only themself and the people who share a programme with them; everyone else as id, name and active, enough to appoint them.',
  })
  @ApiExtraModels(PersonView, PersonSummaryView)
  @ApiOkResponse({ schema: { type: 'array', items: { oneOf: [{ $ref: getSchemaPath(PersonView) }, { $ref: getSchemaPath(PersonSummaryView) }] } } })
  async list(@CurrentPrincipal() principal: Principal): Promise<Array<PersonView | PersonSummaryView>> {
    return (await this.people.listFor(principal)).map((entry) => ('person' in entry ? PersonView.of(entry.person) : entry.summary));
  }

  @Patch('me')
  @ApiOperation({ summary: 'Change your own name, language or organisation unit' })
  @ApiOkResponse({ type: PersonView })
  @ApiBadRequestResponse({ type: ApiErrorBody })
  async updateMe(@CurrentPrincipal() principal: Principal, @Body() body: UpdateMeDto): Promise<PersonView> {
    return PersonView.of(await this.people.update(principal.personId, body));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One person: yourself, someone who shares a programme with you, or anyone for an administrator' })
  @ApiOkResponse({ type: PersonView })
  @ApiBadRequestResponse({ description: '`id` is not a UUID', type: ApiErrorBody })
  @ApiNotFoundResponse({ description: 'No such person, or one you share no programme with (the same answer)', type: ApiErrorBody })
  async get(@Param('id', ParseUuidPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<PersonView> {
    return PersonView.of(await this.people.getFor(id, principal));
  }
}
