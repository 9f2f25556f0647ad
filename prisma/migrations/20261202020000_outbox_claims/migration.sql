-- AlterTable
ALTER TABLE "Outbox" ADD COLUMN     "claimedUntil" TIMESTAMPTZ(3),
ADD COLUMN     "claimToken" TEXT;
