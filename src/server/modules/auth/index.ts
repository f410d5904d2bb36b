export { type Actor, systemActor, can, coversArea } from './actor';
export { type Permission, type Role, roles, permissions, permissionsOf, isRole } from './permissions';
export { AuthService, type PublicUser } from './auth.service';
export { authRoutes } from './auth.routes';
