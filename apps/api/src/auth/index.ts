export * from './auth.decorators';
export * from './identity';
export { MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH, hashPassword } from './passwords';
export { toPrincipal } from './principal';
