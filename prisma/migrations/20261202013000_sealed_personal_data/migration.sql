-- Names and phone numbers are sealed by the application (src/privacy). Clear values stored
-- earlier are sealed, and the hash filled, by the start-up step that runs after this migration.
-- AlterTable
ALTER TABLE "Petition" ADD COLUMN     "contactPhoneHash" TEXT;

-- CreateIndex
CREATE INDEX "Petition_contactPhoneHash_idx" ON "Petition"("contactPhoneHash");
