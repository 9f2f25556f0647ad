/**
 * Names of case events and of the notices they cause. Events are appended, never changed; a
 * payload's shape is versioned by payloadVersion so that old events stay readable.
 */
export const caseEvent = {
  submitted: "petition.submitted",
  assigned: "case.assigned",
} as const;

/** The de-duplication key of a notice: one per event, recipient and purpose. */
export function noticeKey(eventId: string, recipient: { personId?: string; officialId?: string }, purpose: string): string {
  const who = recipient.personId ? `person:${recipient.personId}` : `official:${recipient.officialId}`;
  return `${eventId}/${who}/${purpose}`;
}
