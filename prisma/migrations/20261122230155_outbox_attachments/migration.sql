-- AlterTable
ALTER TABLE "Outbox" ADD COLUMN     "attachmentIds" UUID[] DEFAULT ARRAY[]::UUID[];
