/**
 * Control statuses (管控状态) and tag codes live in the shared contract (src/contract/people.ts);
 * a status changes only through PeopleService.changeControlStatus.
 */
export { controlStatuses, personTags, type ControlStatus, type PersonTag } from '../../../contract/people';
