-- Timer steps a case took, one row each (case, kind, date, level, day)
CREATE TABLE "TimerStep" (
    "id" UUID NOT NULL,
    "petitionId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "takenAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "TimerStep_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "TimerStep_petitionId_kind_date_level_day_key" ON "TimerStep"("petitionId", "kind", "date", "level", "day");
ALTER TABLE "TimerStep" ADD CONSTRAINT "TimerStep_petitionId_fkey" FOREIGN KEY ("petitionId") REFERENCES "Petition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
