export { PeopleService, type ControlChange } from './people.service';
export { PersonRepository } from './person.repository';
export { toPersonView, type PersonView } from './person-view';
export { buildPersonRow, docHash, phoneHash, type PersonInput } from './person-input';
export { controlStatuses, personTags, type ControlStatus, type PersonTag } from './control-status';
export type { PersonRow } from './people.table';
export { readTable, type ImportRecord } from './import-source';
export { REVEAL_ACTION, noteRevealLimited, revealRefusal, revealWindow } from './reveal-limit';
export { phoneOrRefusal, readPhoneAudited } from './phone-read';
