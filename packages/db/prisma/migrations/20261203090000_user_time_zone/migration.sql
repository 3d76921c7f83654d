-- AlterTable
ALTER TABLE "UserSettings" ADD COLUMN     "timeZone" VARCHAR(64);
