-- CreateTable
CREATE TABLE "PendingPetition" (
    "idempotencyKey" TEXT NOT NULL,
    "submission" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PendingPetition_pkey" PRIMARY KEY ("idempotencyKey")
);

-- CreateIndex
CREATE INDEX "PendingPetition_createdAt_idx" ON "PendingPetition"("createdAt");
