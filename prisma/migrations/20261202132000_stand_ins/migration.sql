-- 补位: an official's stand-in, named in the organisation file (no foreign key, see schema.prisma)
ALTER TABLE "Official" ADD COLUMN "standInId" TEXT;
