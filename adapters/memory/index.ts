export { MemoryAdapter, type MemoryAdapterOptions, type SentMessage } from './memory-adapter.js';
