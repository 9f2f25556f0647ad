-- Conduct complaints: the unit that is the discipline inspection body (纪委监委) receives them.
ALTER TABLE "Unit" ADD COLUMN "isDisciplineBody" BOOLEAN NOT NULL DEFAULT false;
