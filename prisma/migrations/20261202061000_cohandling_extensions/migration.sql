-- Co-handling (协办): the units invited to add their part to a case. A column on the case rather
-- than a table: it is read with the case for every decision, written in the same seq-guarded
-- update, and /cases finds a unit's co-handled cases through the GIN index (@> ARRAY[unit]).
-- Extensions (延期) live in the handling column (JSON): no list needs them.
ALTER TABLE "Petition" ADD COLUMN "coHandlingUnitIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

CREATE INDEX "Petition_coHandlingUnitIds_idx" ON "Petition" USING GIN ("coHandlingUnitIds");
