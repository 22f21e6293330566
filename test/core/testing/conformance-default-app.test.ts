import t from 'tap';
import { memoryChannel } from '../../../adapters/memory/index.js';
import { runAdapterConformance } from '../../../core/testing/index.js';
import { memoryHarness } from '../../helpers/memory-harness.js';

// No `app` in the harness: the kit makes its own Campanile (in-memory SQLite), as an adapter author
// outside this repository gets it with only `campanile` and `campanile/testing`.
await runAdapterConformance(t, memoryChannel, memoryHarness());
