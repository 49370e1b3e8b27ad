import type { Principal } from '@fullfolj/contracts';
import type { Person } from '@fullfolj/database';

export function toPrincipal(person: Person, via: Principal['via']): Principal {
  return {
    personId: person.id,
    name: person.name,
    email: person.email,
    language: person.language,
    canOwnProgrammes: person.canOwnProgrammes,
    isAdmin: person.isAdmin,
    via,
  };
}
