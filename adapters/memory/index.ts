export { MemoryAdapter, type MemoryAdapterOptions, type SentMessage } from './memory-adapter.js';
export { memoryChannel } from './memory-factory.js';
