// UI text for revoking programme roles, in Swedish and English. Merged into the dictionaries
// by i18n.js; `code.<code>` words the API's refusal codes.

export const rolesSv = {
  'roles.actions': 'Ändra',
  'roles.revoke': 'Återkalla {role}',
  'roles.revokeConfirm': 'Återkalla rollen {role} för {name}? Personen kan då inte längre läsa programmet om hen inte har någon annan roll i det. Ändringen syns i historiken.',
  'roles.revoked': 'Rollen {role} är återkallad för {name}.',
  'roles.followsAssignments': 'Rollen Ansvarig tjänsteperson följer uppdragen: den försvinner när personens sista uppdrag går till någon annan.',
  'event.role_revoked': 'Roll återkallad',
  'roles.reason.no_current_assignment': 'inga uppdrag kvar',
  'code.last_owner': 'Programmet måste ha minst en programägare. Lägg till en ny programägare först.',
  'code.still_responsible': 'Personen är fortfarande ansvarig för uppdrag. Ge uppdragen till någon annan först, så försvinner rollen av sig själv.',
  'code.open_gate_member': 'Personen ska besluta vid en öppen beslutspunkt. Dra tillbaka beslutspunkten först, eller vänta tills den är avgjord.',
  'code.role_not_held': 'Personen har inte längre den rollen.',
  'code.requires_owner': 'Bara programägaren kan ändra roller.',
};

export const rolesEn = {
  'roles.actions': 'Change',
  'roles.revoke': 'Revoke {role}',
  'roles.revokeConfirm': 'Revoke the role {role} from {name}? Unless they have another role in it, they can no longer read the programme. The change shows in the history.',
  'roles.revoked': 'The role {role} is revoked from {name}.',
  'roles.followsAssignments': "The role Responsible official follows the assignments: it goes when the person's last assignment goes to someone else.",
  'event.role_revoked': 'Role revoked',
  'roles.reason.no_current_assignment': 'no assignments left',
  'code.last_owner': 'The programme must keep at least one programme owner. Add another owner first.',
  'code.still_responsible': 'That person is still responsible for assignments. Give them to someone else first; the role then goes by itself.',
  'code.open_gate_member': 'That person decides an open gate. Withdraw the gate first, or wait until it is decided.',
  'code.role_not_held': 'That person no longer has that role.',
  'code.requires_owner': 'Only the programme owner can change roles.',
};
