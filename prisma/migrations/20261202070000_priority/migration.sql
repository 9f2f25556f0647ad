-- priority (急事急办): a category's default priority, and the words that mark a petition as an emergency.
ALTER TABLE "Category" ADD COLUMN "priority" "Priority" NOT NULL DEFAULT 'normal';

CREATE TABLE "UrgentWordRule" (
    "position" INTEGER NOT NULL,
    "words" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "withWords" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "calls" TEXT[] DEFAULT ARRAY[]::TEXT[],
    CONSTRAINT "UrgentWordRule_pkey" PRIMARY KEY ("position")
);
