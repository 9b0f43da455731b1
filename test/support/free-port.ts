export { freePort } from '../../libs/shared/src/net/free-port';
