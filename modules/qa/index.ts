export { qaModule } from './qa-module.js';
