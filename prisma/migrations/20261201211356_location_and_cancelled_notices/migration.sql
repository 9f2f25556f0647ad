-- AlterEnum
ALTER TYPE "OutboxStatus" ADD VALUE 'cancelled';

-- AlterTable
ALTER TABLE "Area" ADD COLUMN     "latitude" DOUBLE PRECISION,
ADD COLUMN     "longitude" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "Petition" ADD COLUMN     "latitude" DOUBLE PRECISION,
ADD COLUMN     "longitude" DOUBLE PRECISION;
