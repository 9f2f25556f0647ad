-- Case handling: first-contact owner, 包案 leader, where the handling stands.
ALTER TABLE "Petition" ADD COLUMN "ownerOfficialId" TEXT,
ADD COLUMN "leaderOfficialId" TEXT,
ADD COLUMN "handling" JSONB NOT NULL DEFAULT '{"signOffs":[]}';

ALTER TABLE "Petition" ADD CONSTRAINT "Petition_ownerOfficialId_fkey" FOREIGN KEY ("ownerOfficialId") REFERENCES "Official"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Petition" ADD CONSTRAINT "Petition_leaderOfficialId_fkey" FOREIGN KEY ("leaderOfficialId") REFERENCES "Official"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE INDEX "Petition_unitId_state_idx" ON "Petition"("unitId", "state");
CREATE INDEX "Petition_ownerOfficialId_state_idx" ON "Petition"("ownerOfficialId", "state");

-- The audit log: views of cases and personal data, refused actions.
CREATE TYPE "AuditOutcome" AS ENUM ('viewed', 'refused');

CREATE TABLE "AuditLog" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actorKind" "ActorKind" NOT NULL,
    "actorId" TEXT,
    "actorChannel" "Channel",
    "outcome" "AuditOutcome" NOT NULL,
    "action" TEXT NOT NULL,
    "petitionId" UUID,
    "detail" TEXT,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "AuditLog_petitionId_at_idx" ON "AuditLog"("petitionId", "at");
CREATE INDEX "AuditLog_actorId_at_idx" ON "AuditLog"("actorId", "at");

-- Append-only: rows are never changed or removed, whoever asks. (The body's one semicolon is
-- written \073: the WebAssembly migration path splits a script at every semicolon, even quoted.)
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN RAISE EXCEPTION ''the audit log is append-only (% refused)'', TG_OP\073 END';

CREATE TRIGGER "AuditLog_append_only" BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
