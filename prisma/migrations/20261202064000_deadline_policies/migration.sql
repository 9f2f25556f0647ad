-- Deadline policies become whole policies (spans counted in calendar or working days, extension,
-- progress notices, reminders, escalation), chosen by rules, and a case keeps the policy it was given.
ALTER TABLE "DeadlinePolicy" ADD COLUMN "spec" JSONB;
UPDATE "DeadlinePolicy" SET "spec" = jsonb_build_object(
  'acceptWithin', jsonb_build_object('days', "acceptDays", 'counting', 'calendar'),
  'answerWithin', jsonb_build_object('days', "answerDays", 'counting', 'calendar'),
  'extension', jsonb_build_object('maxDays', "maxExtensionDays", 'times', 1),
  'progressEveryDays', 7,
  'remindDaysBefore', jsonb_build_array(1),
  'unacceptedAfterHours', 4,
  'escalation', jsonb_build_array(
    jsonb_build_object('to', 'unit_head', 'afterWorkingDays', 1),
    jsonb_build_object('to', 'responsible_leader', 'afterWorkingDays', 2),
    jsonb_build_object('to', 'petition_office', 'afterWorkingDays', 2)));
ALTER TABLE "DeadlinePolicy" ALTER COLUMN "spec" SET NOT NULL;

-- Cases promised before keep those promises: the policy as it is now, which is what they were given.
ALTER TABLE "Petition" ADD COLUMN "deadlines" JSONB;
UPDATE "Petition" p SET "deadlines" = jsonb_build_object('policy', d."spec" || jsonb_build_object('id', d."id", 'name', d."name"), 'dueTime', '18:00', 'provisional', '[]'::jsonb, 'fired', '[]'::jsonb)
  FROM "DeadlinePolicy" d WHERE d."id" = p."deadlinePolicyId";
ALTER TABLE "DeadlinePolicy" DROP COLUMN "acceptDays", DROP COLUMN "answerDays", DROP COLUMN "maxExtensionDays";

ALTER TABLE "Petition" ADD COLUMN "nextWakeAt" TIMESTAMPTZ(3);
CREATE INDEX "Petition_nextWakeAt_idx" ON "Petition"("nextWakeAt");

CREATE TABLE "DeadlineRule" (
  "id" TEXT NOT NULL,
  "categoryId" TEXT,
  "priority" "Priority",
  "leaderHeld" BOOLEAN,
  "policyId" TEXT NOT NULL,
  "active" BOOLEAN NOT NULL DEFAULT true,
  CONSTRAINT "DeadlineRule_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "DeadlineRule" ADD CONSTRAINT "DeadlineRule_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "DeadlinePolicy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
