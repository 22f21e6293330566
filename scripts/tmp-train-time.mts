import { trainModel } from '/work/wt-qa/modules/qa/nlp/index.js';
import { readRows, toEntries } from '/work/wt-qa/scripts/lib/qa-data.js';
const e = toEntries(readRows('/work/wt-qa/nlp-models/starter/it.json'));
for (const cal of [false, true, true]) { const c0 = process.cpuUsage(); const t = performance.now(); await trainModel(e, { calibrate: cal }); const c = process.cpuUsage(c0); console.log(cal, Math.round(performance.now() - t), Math.round((c.user + c.system) / 1000)); }
