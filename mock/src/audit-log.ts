/** Recording the security events of the `AuditEvent` enum into an organisation's trail. */
import type { components } from '../../generated/schema.js';
import type { Clock } from './clock.js';
import { randomBase62 } from './random.js';
import type { AuditStore } from './store/audit-store.js';

/** One of the event types the contract lists. */
export type AuditEventType = components['schemas']['AuditEvent']['type'];

/** Appends audit events with the server's clock. */
export class AuditLog {
  constructor(
    private readonly events: AuditStore,
    private readonly clock: Clock,
  ) {}

  /** Records that `type` happened, caused by `actorId`, about `targetId`. */
  record(orgId: string, type: AuditEventType, actorId: string | null, targetId: string | null): void {
    this.events.insert({
      id: `evt_${randomBase62(16)}`,
      org_id: orgId,
      type,
      occurred_at: this.clock.nowMs(),
      actor_id: actorId,
      target_id: targetId,
    });
  }
}
