import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Principal } from '@fullfolj/contracts';
import { ApiErrorBody } from '../common/api-error';
import { ParseUuidPipe } from '../common/validation';
import { CurrentPrincipal, RequireOwnerOrAdmin } from '../auth/auth.decorators';
import { CreatePersonDto, PersonView, UpdateMeDto } from './dto/person.dto';
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
  @ApiOperation({ summary: 'Everyone, by name' })
  @ApiOkResponse({ type: [PersonView] })
  async list(): Promise<PersonView[]> {
    return (await this.people.list()).map((p) => PersonView.of(p));
  }

  @Patch('me')
  @ApiOperation({ summary: 'Change your own name, language or organisation unit' })
  @ApiOkResponse({ type: PersonView })
  @ApiBadRequestResponse({ type: ApiErrorBody })
  async updateMe(@CurrentPrincipal() principal: Principal, @Body() body: UpdateMeDto): Promise<PersonView> {
    return PersonView.of(await this.people.update(principal.personId, body));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One person' })
  @ApiOkResponse({ type: PersonView })
  @ApiBadRequestResponse({ description: '`id` is not a UUID', type: ApiErrorBody })
  @ApiNotFoundResponse({ type: ApiErrorBody })
  async get(@Param('id', ParseUuidPipe) id: string): Promise<PersonView> {
    return PersonView.of(await this.people.get(id));
  }
}
