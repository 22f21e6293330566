/**
 * The managers' live alerts: a task nobody took in time escalated (re-notified, or sent to the
 * escalation group with the manager alerted). Emitted by the task clock in whichever process ran the
 * step, heard by the admin streams of every process (core's `LiveFeed` over cluster signals). A signal
 * carries ids; the stream reads the task.
 */
import { LiveFeed } from '../../../core/internal.js';

/** One escalation step of one task. `level`: 1 re-notified, 2 escalated (escalation group / manager). */
export type TaskAlert = { readonly tenantId: number; readonly taskId: number; readonly level: number; readonly allRefused: boolean };

/** The topic under the module's scope (`module:tasks:alerts`). */
const TOPIC = 'alerts';

/**
 * @example
 * const alerts = taskAlerts();
 * alerts.listen((a) => sink.send('escalated', a));
 */
export function taskAlerts(): LiveFeed<TaskAlert> {
  return new LiveFeed<TaskAlert>(TOPIC, parseAlert);
}

function parseAlert(payload: unknown): TaskAlert | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Record<string, unknown>;
  if (!Number.isInteger(p.tenantId) || !Number.isInteger(p.taskId) || !Number.isInteger(p.level) || typeof p.allRefused !== 'boolean') return null;
  return { tenantId: p.tenantId as number, taskId: p.taskId as number, level: p.level as number, allRefused: p.allRefused };
}
