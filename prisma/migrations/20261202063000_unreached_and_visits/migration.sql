-- Cases recorded by a visiting cadre on behalf of a citizen (登门上户, 定点接待, 重点约谈): the
-- citizen has no chat account yet, so the case names no identity until they claim it. (An optional
-- relation's foreign key sets null on delete, as Prisma writes it.)
ALTER TABLE "Petition" DROP CONSTRAINT "Petition_identityId_fkey";
ALTER TABLE "Petition" ALTER COLUMN "identityId" DROP NOT NULL;
ALTER TABLE "Petition" ADD CONSTRAINT "Petition_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "Identity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Their notices wait, held, until the claim releases them to the citizen's account.
ALTER TYPE "OutboxStatus" ADD VALUE 'held';

-- A claim that succeeded is on record beside the refused ones.
ALTER TYPE "AuditOutcome" ADD VALUE 'granted';
